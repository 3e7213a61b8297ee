/**
 * `lab run --wire / --pcap FILE / --keylog FILE`: captures each handshake, decodes it, prints its messages
 * (text, or a `wire` array on each step of the JSON result), and writes the capture as a pcap and its secrets as
 * an SSLKEYLOGFILE for Wireshark. The wire modules load only when one of these flags is given.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunOptions } from '../lab/runner.js';
import type { ScenarioId } from '../lab/scenarios.js';
import { stepsOf, type ScenarioResult } from '../lab/types.js';
import type { WireCapture, WireDecode } from '../wire/types.js';
import { UsageError, UserError } from './io.js';

export interface WireOptions {
  /** Print the decoded messages. */
  show: boolean;
  pcap?: string;
  keylog?: string;
  force: boolean;
}

/** Checks the output files before anything runs: a refused overwrite costs no handshake. */
export function checkWireFiles(options: WireOptions): void {
  if (options.pcap !== undefined && options.keylog !== undefined && resolve(options.pcap) === resolve(options.keylog))
    throw new UsageError('lab run: --pcap and --keylog name the same file; give each its own');
  for (const [flag, file] of [
    ['--pcap', options.pcap],
    ['--keylog', options.keylog],
  ] as const) {
    if (file === undefined) continue;
    if (file === '') throw new UsageError(`lab run: ${flag} needs a file name`);
    const folder = dirname(resolve(file));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UserError(`cannot write ${file} (${flag}): the folder ${folder} does not exist`);
    if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`cannot write ${file} (${flag}): it is a folder`);
    if (!options.force && existsSync(file)) throw new UserError(`${file} already exists (${flag}); add --force to overwrite it`);
  }
}

/** Collects the captures of several runs (one per server × TLS version), keyed by run, scenario and step. */
export function createWireRecorder() {
  const captures: Map<string, WireCapture>[] = [];
  return {
    /** The runner's capture hook for run number `run`. */
    hook(run: number): NonNullable<RunOptions['capture']> {
      const mine = new Map<string, WireCapture>();
      captures[run] = mine;
      return (id: ScenarioId, step: number, capture: WireCapture) => mine.set(`${id}/${step}`, capture);
    },
    get(run: number, id: string, step: number): WireCapture | undefined {
      return captures[run]?.get(`${id}/${step}`);
    },
  };
}

export type WireRecorder = ReturnType<typeof createWireRecorder>;

/**
 * The captures in result order and, with `decode` (--wire), every step's decoded messages put on the step as
 * `wire` (for a multi-step scenario also on the top level, which describes the last step). Returns the decodes,
 * for the text report, and the captures, for the files.
 */
export async function attachWire(perRun: ScenarioResult[][], recorder: WireRecorder, decode: boolean): Promise<{ decodes: Map<object, WireDecode>; captures: WireCapture[] }> {
  const [decoder, json] = decode ? await Promise.all([import('../wire/decode.js'), import('../wire/json.js')]) : [undefined, undefined];
  const decodes = new Map<object, WireDecode>();
  const captures: WireCapture[] = [];
  perRun.forEach((results, run) => {
    for (const result of results) {
      const steps = stepsOf(result);
      steps.forEach((step, index) => {
        const capture = recorder.get(run, result.id, index);
        if (!capture) return;
        captures.push(capture);
        if (!decoder || !json) return;
        const decoded = decoder.decodeCapture(capture);
        decodes.set(step, decoded);
        step.wire = json.wireJson(decoded.messages);
      });
      const last = steps[steps.length - 1];
      if (result.steps && last?.wire) {
        result.wire = last.wire;
        decodes.set(result, decodes.get(last)!);
      }
    }
  });
  return { decodes, captures };
}

/** The decoded messages of one handshake as text lines, a TCP close where it happened. */
export async function formatWire(decoded: WireDecode, indent = '    '): Promise<string> {
  const { summary } = await import('../wire/describe.js');
  const heading = decoded.version
    ? `wire (TLS ${decoded.version}${decoded.cipherSuite ? `, ${decoded.cipherSuite}` : ''}; * sent encrypted, shown decrypted with the logged keys):`
    : 'wire:';
  const rows = [
    ...decoded.messages.map((m) => ({ t: m.t, text: `${m.from === 'client' ? 'client →' : '← server'}  ${(m.type + (m.encrypted ? ' *' : '')).padEnd(22)} ${summary(m)}` })),
    ...decoded.closes.map((c) => ({ t: c.t, text: `${c.from === 'client' ? 'client →' : '← server'}  ${c.how === 'fin' ? 'TCP FIN (closes its side)' : 'TCP RST (resets the connection)'}` })),
  ].sort((a, b) => a.t - b.t);
  const lines = [`${indent}${heading}`, ...rows.map((r) => `${indent}  ${r.t.toFixed(1).padStart(7)} ms  ${r.text}`)];
  for (const note of decoded.notes) lines.push(`${indent}  note: ${note}`);
  return lines.join('\n');
}

/** Writes the pcap and the key log; returns what was written, in a sentence. */
export async function writeWireFiles(options: WireOptions, captures: WireCapture[]): Promise<string> {
  const [{ pcapFile }, { formatKeyLog }] = await Promise.all([import('../wire/pcap.js'), import('../wire/keylog.js')]);
  const written: string[] = [];
  const write = (flag: string, file: string, content: Buffer | string) => {
    try {
      writeFileSync(file, content, { flag: options.force ? 'w' : 'wx', mode: flag === '--keylog' ? 0o600 : 0o644 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(code === 'EEXIST' ? `${file} already exists (${flag}); add --force to overwrite it` : `cannot write ${file} (${flag}): ${(error as Error).message}`);
    }
  };
  if (options.pcap !== undefined) {
    write('--pcap', options.pcap, pcapFile(captures));
    written.push(`${options.pcap} (${captures.length} connection${captures.length === 1 ? '' : 's'}, server shown on port 443)`);
  }
  if (options.keylog !== undefined) {
    const text = formatKeyLog(captures.flatMap((c) => c.keylog));
    write('--keylog', options.keylog, text);
    written.push(`${options.keylog} (${text.split('\n').filter(Boolean).length} key log lines; keep it private: it decrypts these connections)`);
  }
  const open =
    options.pcap !== undefined && options.keylog !== undefined ? `\nOpen it in Wireshark: wireshark -r ${options.pcap} -o tls.keylog_file:${options.keylog}` : '';
  return `Wrote ${written.join(' and ')}.${open}`;
}
