// Keystroke baseline: the smallest Ink app that draws a new frame for every key (a counter), bundled like ours.
import React, { useState } from 'react';
import { render, Text, useApp, useInput } from 'ink';

function Echo() {
  const { exit } = useApp();
  const [keys, setKeys] = useState(0);
  useInput((input) => (input === 'q' ? exit() : setKeys((n) => n + 1)));
  return <Text>Ink echo: {keys} keys</Text>;
}
render(<Echo />);
