import { describe, expect, it } from 'vitest';
import { highlightYaml, tokenizeYamlLine, type YamlTokenKind } from '../../../src/ui/text/highlight-yaml.js';
import { shippedScenarios } from '../../policy/fixtures.js';

const kinds = (text: string) => tokenizeYamlLine(text).map((t) => [t.kind, t.text] as [YamlTokenKind, string]);

describe('highlightYaml', () => {
  it('gives every line of every policy scenario back unchanged when its tokens are joined', () => {
    const { peer, authz } = shippedScenarios();
    for (const scenario of [...peer, ...authz]) {
      const lines = scenario.manifests.replace(/\n$/, '').split('\n');
      expect(highlightYaml(scenario.manifests).map((l) => l.tokens.map((t) => t.text).join(''))).toEqual(lines);
    }
  });

  it('splits a key, its colon and its value, and emphasises a mode value', () => {
    expect(kinds('    mode: STRICT')).toEqual([
      ['space', '    '],
      ['key', 'mode'],
      ['punct', ':'],
      ['space', ' '],
      ['mode', 'STRICT'],
    ]);
    const [strict, other] = highlightYaml('  mode: STRICT\n  name: default');
    expect(strict?.emphasis).toBe(true);
    expect(other?.emphasis).toBe(false);
    expect(other?.tokens.find((t) => t.kind === 'value')?.text).toBe('default');
  });

  it('tells comments, document separators, list dashes, numbers and quoted strings apart', () => {
    expect(kinds('# locks down payments')).toEqual([['comment', '# locks down payments']]);
    expect(kinds('---')).toEqual([['docsep', '---']]);
    expect(kinds('  - name: a # first')).toEqual([
      ['space', '  '],
      ['dash', '-'],
      ['space', ' '],
      ['key', 'name'],
      ['punct', ':'],
      ['space', ' '],
      ['value', 'a'],
      ['space', ' '],
      ['comment', '# first'],
    ]);
    expect(kinds('    8080:')).toEqual([
      ['space', '    '],
      ['key', '8080'],
      ['punct', ':'],
    ]);
    expect(kinds('port: 8080')).toContainEqual(['number', '8080']);
    expect(kinds('enabled: true')).toContainEqual(['bool', 'true']);
  });

  it('keeps a # inside quotes or a URL out of comments, and a URL value out of keys', () => {
    expect(kinds('note: "a # b"')).toContainEqual(['string', '"a # b"']);
    expect(kinds('  - spiffe://cluster.local/ns/a/sa/b')).toEqual([
      ['space', '  '],
      ['dash', '-'],
      ['space', ' '],
      ['value', 'spiffe://cluster.local/ns/a/sa/b'],
    ]);
    expect(kinds('url: http://x/#frag')).toContainEqual(['value', 'http://x/#frag']);
  });

  it('never throws on odd input', () => {
    for (const text of ['', ':', '- ', '"unterminated: x', "key: 'a", '{a: 1}', '\t\tkey: v', '...']) {
      expect(() => highlightYaml(text)).not.toThrow();
    }
  });
});
