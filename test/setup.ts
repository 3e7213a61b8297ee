// Tells React that tests drive updates through act(), so it flushes them synchronously and stays quiet.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
