import { EventEmitter } from 'node:events';
import type { InputGate } from './input-gate.js';
import { hasCtrlModifier, isUnfinishedEscape, splitKeys } from './split-keys.js';

/** What Ink uses of its stdin. */
export interface KeySource {
  isTTY?: boolean;
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  read(): string | Buffer | null;
  ref(): unknown;
  unref(): unknown;
  on(event: 'readable', listener: () => void): unknown;
  off(event: 'readable', listener: () => void): unknown;
}

/** If the app never reports back (it is closing), the next key goes anyway after this long. */
const WAIT_LIMIT_MS = 500;
/**
 * A read that comes this soon after the last key may find the app still busy with it, so it waits for the app to
 * settle first. Keys further apart (all human typing) go straight through, without the extra render.
 */
const CLOSE_KEYS_MS = 20;
/** An escape sequence cut off at the end of a read waits this long for its rest, then is dropped as noise. */
const UNFINISHED_MS = 100;

/**
 * Stands between the terminal and Ink and hands Ink one key at a time, however many arrived together, each only
 * once the app has caught up with the one before. React renders a key's updates later, in a scheduler task, and
 * Ink re-binds each useInput handler in a passive effect after that; a key delivered earlier would meet the old
 * frame's handler, so "jj" would move a menu one row. Two signals say when the app has caught up:
 * - KeySettler re-renders on request and reports from its effect, which runs after every effect before it;
 * - as the InputGate, it hears when a component with a key handler has drawn a frame and when it has bound the
 *   new handler, so a key typed the moment a screen appears waits the few milliseconds until the screen listens.
 */
export class KeyByKeyStdin extends EventEmitter implements InputGate {
  /** While a text box has the focus, typed or pasted text stays in runs (see splitKeys). */
  keepText = false;
  /** Set by KeySettler: queues a render that reports through settled() once its effects have run. */
  settle: (() => void) | undefined;
  private readonly queue: string[] = [];
  private ready = false;
  /** What the next key waits for: KeySettler's report number `tick`, or the gate's handlers. */
  private waiting: { for: 'app'; tick: number } | { for: 'handlers' } | undefined;
  private settleRequests = 0;
  private unbound = 0;
  private cancelTimer: (() => void) | undefined;
  private attached = false;
  private lastKeyAt = -Infinity;
  /** The start of an escape sequence whose rest is still to come (see isUnfinishedEscape). */
  private unfinished = '';
  private dropUnfinished: NodeJS.Timeout | undefined;

  constructor(private readonly source: KeySource) {
    super();
    this.on('newListener', (event: string) => {
      if (event === 'readable' && !this.attached) {
        this.attached = true;
        this.source.on('readable', this.pull);
      }
    });
    this.on('removeListener', (event: string) => {
      if (event === 'readable' && this.listenerCount('readable') === 0) this.detach();
    });
  }

  get isTTY(): boolean | undefined {
    return this.source.isTTY;
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode(mode);
    return this;
  }

  setEncoding(encoding: BufferEncoding): this {
    this.source.setEncoding(encoding);
    return this;
  }

  ref(): this {
    this.source.ref();
    return this;
  }

  unref(): this {
    this.source.unref();
    return this;
  }

  /** Keys received and not yet handed to Ink. */
  get pending(): number {
    return this.queue.length;
  }

  /** One key per 'readable', then null, as Ink's read loop expects. */
  read(): string | null {
    if (!this.ready) return null;
    this.ready = false;
    return this.queue.shift() ?? null;
  }

  rendered(): void {
    this.unbound += 1;
  }

  bound(): void {
    this.unbound = Math.max(0, this.unbound - 1);
    if (this.unbound === 0 && this.waiting?.for === 'handlers') this.proceed();
  }

  /** KeySettler's report: its render number `tick` has committed and every effect before it has run. */
  settled(tick: number): void {
    if (this.waiting?.for === 'app' && tick >= this.waiting.tick) this.proceed();
  }

  private readonly pull = () => {
    let chunk;
    while ((chunk = this.source.read()) !== null) this.take(String(chunk));
    if (this.waiting || this.cancelTimer) return; // a key is on its way
    if (performance.now() - this.lastKeyAt < CLOSE_KEYS_MS) this.waitFor('app');
    else this.deliver();
  };

  /**
   * Queues the keys of one read. A sequence cut off at its end is joined to the next read, so that what is queued
   * (and checked) is whole; Ctrl-modified sequences are dropped: Ink throws on those it cannot name.
   */
  private take(chunk: string): void {
    clearTimeout(this.dropUnfinished);
    const keys = splitKeys(this.unfinished + chunk, { keepText: this.keepText });
    this.unfinished = keys.length > 0 && isUnfinishedEscape(keys.at(-1)!) ? keys.pop()! : '';
    if (this.unfinished) this.dropUnfinished = setTimeout(() => (this.unfinished = ''), UNFINISHED_MS);
    this.queue.push(...keys.filter((key) => !hasCtrlModifier(key)));
  }

  private deliver(): void {
    this.stopWaiting();
    if (this.queue.length === 0) return;
    if (this.unbound > 0) return this.waitFor('handlers');
    this.ready = true;
    this.emit('readable');
    this.ready = false;
    this.lastKeyAt = performance.now();
    if (this.queue.length > 0) this.waitFor('app');
  }

  private waitFor(what: 'app' | 'handlers'): void {
    const settle = what === 'app' ? this.settle : undefined;
    this.waiting = settle ? { for: 'app', tick: ++this.settleRequests } : { for: 'handlers' };
    // Without a KeySettler (or a gate that never hears back) the wait is only bounded, not informed.
    const limit = setTimeout(() => {
      this.unbound = 0; // a gate that never heard back must not hold keys for ever
      this.proceed();
    }, what === 'app' && !settle ? 0 : WAIT_LIMIT_MS);
    this.cancelTimer = () => clearTimeout(limit);
    settle?.();
  }

  /** On to the next key, after a turn of the loop: Ink flushes a lone Esc on it, and our caller returns. */
  private proceed(): void {
    this.stopWaiting();
    const next = setImmediate(() => {
      this.cancelTimer = undefined;
      this.deliver();
    });
    this.cancelTimer = () => clearImmediate(next);
  }

  private stopWaiting(): void {
    this.waiting = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private detach(): void {
    if (this.attached) this.source.off('readable', this.pull);
    this.attached = false;
    this.stopWaiting();
    this.queue.length = 0;
    clearTimeout(this.dropUnfinished);
    this.unfinished = '';
  }
}
