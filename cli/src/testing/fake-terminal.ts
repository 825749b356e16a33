/**
 * A stand-in for a terminal, to drive the real hidden prompt (hidden-prompt.ts) in-process: its input
 * is a stream with a raw-mode switch, and the "user" types the next scripted keystrokes each time the
 * prompt turns raw mode on — i.e. once the question is on the screen. What zkpush wrote to the terminal
 * is kept, so tests can check that nothing typed was echoed. Out of keystrokes, the user types nothing
 * more and the input ends (end of file).
 */
import { PassThrough } from 'node:stream';
import type { Terminal } from '../terminal/terminal.ts';

class FakeTtyInput extends PassThrough {
  isRaw = false;
  private readonly onRaw: () => void;
  constructor(onRaw: () => void) {
    super();
    this.onRaw = onRaw;
  }
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    if (raw) this.onRaw();
    return this;
  }
}

export class FakeTerminal implements Terminal {
  readonly input: FakeTtyInput;
  /** How many prompts were shown (raw mode switched on). */
  prompts = 0;
  /** How many times a command opened it, and closed it. */
  opened = 0;
  closed = 0;
  private readonly out: string[] = [];

  /** `keys[n]` is typed at the n-th prompt, e.g. `['hunter2\r', 'hunter2\r']`. */
  constructor(keys: readonly (string | Buffer)[] = []) {
    this.input = new FakeTtyInput(() => {
      const next = keys[this.prompts++];
      // Typed a moment later, as a person would; nothing left to type is end of input.
      setImmediate(() => (next === undefined ? this.input.end() : this.input.write(next)));
    });
  }

  write(text: string): void {
    this.out.push(text);
  }

  close(): void {
    this.closed++;
  }

  /** Everything zkpush wrote to the terminal: prompts and notes, never what was typed. */
  written(): string {
    return this.out.join('');
  }

  /** Still in raw mode? It must not be once a prompt is done. */
  get raw(): boolean {
    return this.input.isRaw;
  }
}
