import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { useEffect, useRef, useState } from 'react';
import { Menu } from '../components/menu.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { Spinner } from '../components/spinner.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { useInputGate } from '../input/input-gate.js';
import type { OwnTool } from '../navigation.js';
import { wrapProse, wrapText } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { runInspect, runProbeTool, runWhy, TOOL_TEXT, type ToolRun } from './own-loader.js';

/** "Your own setup": the three tools that look at the learner's own system instead of the labs'. */
export function OwnScreen() {
  const { navigate, size } = useApp();
  const items = (['why', 'inspect', 'probe'] as const).map((tool) => ({
    key: tool,
    label: TOOL_TEXT[tool].title,
    detail: `mtls-tutor ${tool}`,
    description: TOOL_TEXT[tool].prompt,
  }));
  return (
    <Screen title="Your own setup" subtitle="your errors, your certificates, your server" keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'open' }]}>
      <Menu id="own" items={items} limit={Math.max(3, size.bodyRows - 5)} onSelect={(item) => navigate({ type: 'push', route: { name: 'own-tool', tool: item.key as OwnTool } })} />
    </Screen>
  );
}

type Phase = { phase: 'entry' } | { phase: 'running'; progress: string } | { phase: 'done'; run: ToolRun } | { phase: 'error'; message: string };

/** One tool: type the input (an error text, paths, HOST:PORT), Enter runs it, the report scrolls; e edits again. */
export function OwnToolScreen({ tool }: { tool: OwnTool }) {
  const { course, size, setTextEntry } = useApp();
  const text = TOOL_TEXT[tool];
  const [entry, setEntry] = useState('');
  const [state, setState] = useState<Phase>({ phase: 'entry' });
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const typing = state.phase === 'entry';
  // While typing, q ? and Backspace are letters and edits; Esc still leaves.
  useEffect(() => {
    setTextEntry(typing);
    return () => setTextEntry(false);
  }, [typing, setTextEntry]);

  const start = () => {
    if (entry.trim() === '' || state.phase === 'running') return;
    setState({ phase: 'running', progress: '' });
    const progress = (done: number, total: number) => alive.current && setState({ phase: 'running', progress: ` ${done} of ${total} connections` });
    const run = tool === 'why' ? runWhy(entry, course) : tool === 'inspect' ? runInspect(entry, course) : runProbeTool(entry, course, progress);
    run.then(
      (result) => alive.current && setState({ phase: 'done', run: result }),
      (error: unknown) => alive.current && setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  useKeys((input, key) => {
    if (state.phase === 'done' || state.phase === 'error') {
      if (input === 'e' || (state.phase === 'error' && key.return)) setState({ phase: 'entry' });
    }
  });

  const keys = typing
    ? [{ key: 'Enter', label: 'run' }]
    : state.phase === 'done'
      ? [
          { key: 'e', label: 'edit and run again' },
          { key: '↑↓', label: 'scroll' },
        ]
      : state.phase === 'error'
        ? [{ key: 'Enter', label: 'edit' }]
        : [];
  const width = size.columns - 2;
  return (
    <Screen title={text.title} subtitle={`mtls-tutor ${tool}`} keys={keys}>
      {typing ? (
        <OwnEntry prompt={text.prompt} placeholder={text.placeholder} value={entry} onChange={setEntry} onSubmit={start} width={width} />
      ) : state.phase === 'running' ? (
        <Spinner label={`${text.running}${state.progress}`} />
      ) : state.phase === 'error' ? (
        <Text color={theme.bad} wrap="wrap">
          {marks.fail} {state.message}
        </Text>
      ) : (
        <ScrollView lines={wrapText(state.run.lines.join('\n'), width)} height={size.bodyRows} resetKey={state.run} />
      )}
    </Screen>
  );
}

function OwnEntry({ prompt, placeholder, value, onChange, onSubmit, width }: { prompt: string; placeholder: string; value: string; onChange(text: string): void; onSubmit(): void; width: number }) {
  const { keysActive } = useApp();
  useInputGate(); // after TextInput's handler, which is a child's
  return (
    <Box flexDirection="column">
      <Text>{wrapProse(prompt, width).join('\n')}</Text>
      <Box marginTop={1} borderStyle="round" paddingX={1} flexDirection="column">
        <TextInput value={value} focus={keysActive} placeholder={placeholder} onChange={onChange} onSubmit={onSubmit} />
      </Box>
    </Box>
  );
}
