// Baseline: the smallest Ink app, bundled like ours. Our first frame is compared against this one's.
import React from 'react';
import { render, Text, useApp, useInput } from 'ink';

function Hello() {
  const { exit } = useApp();
  useInput(() => exit());
  return <Text>Hello from Ink</Text>;
}
render(<Hello />);
