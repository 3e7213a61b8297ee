/**
 * The table against log lines it was not written from (held-out-logs.ts). First run, before any change: 65 of 66
 * (98%) top-1 correct, all 66 recognised. The miss is left as it is, so the figure stays honest: npm's log of
 * SELF_SIGNED_CERT_IN_CHAIN comes out as OpenSSL's "self-signed certificate in certificate chain" signature (the
 * same diagnosis, seen as OpenSSL's text) because npm's lines carry none of Node's stack hints.
 */
import { describe, expect, it } from 'vitest';
import { matchError } from '../../src/why/match.js';
import { loadSignatures } from '../../src/why/load.js';
import { HELD_OUT } from './held-out-logs.js';

describe('held-out log lines', async () => {
  const table = await loadSignatures();

  it('names the right signature first for at least 90% of them, and recognises every one', () => {
    const misses: string[] = [];
    let unrecognised = 0;
    for (const line of HELD_OUT) {
      const result = matchError(line.text, table);
      if (!result.recognised) unrecognised++;
      const first = result.matches[0]?.signature.id;
      if (first !== line.want && !line.also?.includes(first ?? '')) misses.push(`${line.stack}: wanted ${line.want}, got ${first ?? 'nothing'} — ${line.text.slice(0, 90)}`);
    }
    const rate = (HELD_OUT.length - misses.length) / HELD_OUT.length;
    console.log(`held-out top-1: ${HELD_OUT.length - misses.length}/${HELD_OUT.length} (${Math.round(rate * 100)}%)${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
    expect(unrecognised).toBe(0);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it('covers every stack of the table', () => {
    expect(new Set(HELD_OUT.map((line) => line.stack))).toEqual(new Set(table.stacks.map((stack) => stack.stack)));
    for (const line of HELD_OUT) expect(table.signatures.some((s) => s.id === line.want), line.want).toBe(true);
  });
});
