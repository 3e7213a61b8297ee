import { EventEmitter } from 'node:events';
import type { KeySource } from '../../../src/ui/input/key-by-key-stdin.js';

/** A terminal's input side: chunks written here come out of read() as a TTY's would. */
export class FakeTtyInput extends EventEmitter implements KeySource {
  isTTY = true;
  rawMode = false;
  private readonly chunks: string[] = [];
  setRawMode(mode: boolean) {
    this.rawMode = mode;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.chunks.shift() ?? null;
  }
  /** One read's worth of bytes, as a fast typist or `tmux send-keys` produces. */
  write(chunk: string) {
    this.chunks.push(chunk);
    this.emit('readable');
  }
}

/** A terminal's output side that keeps the last frame Ink drew. */
export class FakeTtyOutput extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
  }
  write(frame: string) {
    this.frames.push(frame);
    return true;
  }
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}
