import { EventEmitter } from 'node:events';
import { splitKeys } from './split-keys.js';

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
const SETTLE_LIMIT_MS = 500;
/**
 * A read that comes this soon after the last key may find the app still busy with it, so it waits for the app to
 * settle first. Keys further apart (all human typing) go straight through, without the extra render.
 */
const CLOSE_KEYS_MS = 20;

/**
 * Stands between the terminal and Ink and hands Ink one key at a time, however many arrived together, each only
 * once the app has caught up with the one before. React renders a key's updates later, in a scheduler task, and
 * Ink re-binds each useInput handler in a passive effect after that; a key delivered earlier would meet the old
 * frame's handler, so "jj" would move a menu one row. <KeySettler/> reports when the app has caught up.
 */
export class KeyByKeyStdin extends EventEmitter {
  /** While a text box has the focus, typed or pasted text stays in runs (see splitKeys). */
  keepText = false;
  /** Set by KeySettler: queues a render whose effects run after those of every update before it. */
  settle: (() => void) | undefined;
  private readonly queue: string[] = [];
  private ready = false;
  private waiting = false;
  private cancelWait: (() => void) | undefined;
  private attached = false;
  private lastKeyAt = -Infinity;

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

  /** Called by KeySettler once the app has rendered the last key and run its effects. */
  settled(): void {
    if (!this.waiting) return;
    this.stopWaiting();
    // A turn of the loop first: Ink flushes a lone Esc on it, and the effect that called us returns.
    const next = setImmediate(() => this.deliver());
    this.cancelWait = () => clearImmediate(next);
  }

  private readonly pull = () => {
    let chunk;
    while ((chunk = this.source.read()) !== null) this.queue.push(...splitKeys(String(chunk), { keepText: this.keepText }));
    if (this.waiting || this.cancelWait !== undefined) return;
    if (performance.now() - this.lastKeyAt < CLOSE_KEYS_MS) this.waitForApp();
    else this.deliver();
  };

  private deliver(): void {
    this.stopWaiting();
    if (this.queue.length === 0) return;
    this.ready = true;
    this.emit('readable');
    this.ready = false;
    this.lastKeyAt = performance.now();
    if (this.queue.length > 0) this.waitForApp();
  }

  /** Asks KeySettler to report once the app has caught up; settled() then delivers what is queued. */
  private waitForApp(): void {
    this.waiting = true;
    const limit = setTimeout(() => this.settled(), this.settle ? SETTLE_LIMIT_MS : 0);
    this.cancelWait = () => clearTimeout(limit);
    this.settle?.();
  }

  private stopWaiting(): void {
    this.waiting = false;
    this.cancelWait?.();
    this.cancelWait = undefined;
  }

  private detach(): void {
    if (this.attached) this.source.off('readable', this.pull);
    this.attached = false;
    this.stopWaiting();
    this.queue.length = 0;
  }
}
