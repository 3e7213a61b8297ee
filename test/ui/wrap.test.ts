import { describe, expect, it } from 'vitest';
import { reflowText, wrapProse, wrapText } from '../../src/ui/text/wrap.js';

describe('wrapping lesson prose', () => {
  it('joins hard-wrapped paragraph lines and list-item continuations, keeping paragraphs and items apart', () => {
    const authored = 'A paragraph written\nover two lines.\n\nThree properties:\n- one, which\n  goes on;\n- two.\n1. first\n2. second';
    expect(reflowText(authored)).toBe('A paragraph written over two lines.\n\nThree properties:\n- one, which goes on;\n- two.\n1. first\n2. second');
  });

  it('wraps the re-flowed text to the width with hanging indents for list items', () => {
    const lines = wrapProse('- alpha beta\n  gamma delta epsilon', 16);
    expect(lines).toEqual(['- alpha beta', '  gamma delta', '  epsilon']);
    expect(lines.every((l) => l.length <= 16)).toBe(true);
  });

  it('leaves wrapText itself alone for code, where indentation and line breaks mean something', () => {
    expect(wrapText('spec:\n  mtls:\n    mode: STRICT', 40)).toEqual(['spec:', '  mtls:', '    mode: STRICT']);
  });
});
