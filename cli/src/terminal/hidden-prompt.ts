/**
 * A no-echo line prompt on a terminal in raw mode. Raw mode (termios without ECHO and ICANON) means
 * nothing typed is shown and zkpush sees every key itself: Enter ends the line, Backspace and Ctrl-U
 * edit it, Ctrl-C and Ctrl-D on an empty line cancel (raw mode turns off the SIGINT a terminal would
 * send, so Ctrl-C has to be handled here), escape sequences (arrow keys, bracketed-paste markers) are
 * dropped rather than becoming part of the passphrase. Tab and every printable character are kept:
 * silently dropping one would lock a push with a passphrase other than the one the sender typed.
 *
 * Input typed ahead after Enter (a paste of two lines for the confirmation) is pushed back onto the
 * stream for the next prompt. Each chunk read is zeroed once decoded; the answer is a JS string and
 * cannot be wiped, so the callers keep it only as long as the key derivation needs it.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Terminal } from './terminal.ts';

type HiddenAnswer = { kind: 'ok'; text: string } | { kind: 'cancelled' };

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACE = new Set(['\u007f', '\b']);
const ESC = '\u001b';

type Escape = 'none' | 'esc' | 'csi' | 'ss3';

/** Line editing state: the characters so far and where an escape sequence stands. */
class LineEditor {
  readonly chars: string[] = [];
  private escape: Escape = 'none';

  /** Feeds one character; returns what it ends the line with, if it does. */
  feed(ch: string): 'enter' | 'cancel' | null {
    if (this.escape !== 'none') {
      this.skipEscape(ch);
      return null;
    }
    if (ENTER.has(ch)) return 'enter';
    if (ch === CTRL_C) return 'cancel';
    if (ch === CTRL_D) return this.chars.length === 0 ? 'cancel' : null;
    if (ch === CTRL_U) this.chars.length = 0;
    else if (BACKSPACE.has(ch)) this.chars.pop();
    else if (ch === ESC) this.escape = 'esc';
    else if (ch === '\t' || ch >= ' ') this.chars.push(ch);
    return null;
  }

  /** ESC [ params final (CSI, final byte 0x40–0x7e), ESC O x (SS3), or ESC x (Alt+x). */
  private skipEscape(ch: string): void {
    if (this.escape === 'esc') this.escape = ch === '[' ? 'csi' : ch === 'O' ? 'ss3' : 'none';
    else if (this.escape === 'ss3') this.escape = 'none';
    else if (ch >= '@' && ch <= '~') this.escape = 'none';
  }
}

/**
 * Writes `question`, reads one line without echo, then restores the terminal's mode and moves to a new
 * line. End of input counts as cancelled.
 */
export function readHidden(terminal: Terminal, question: string): Promise<HiddenAnswer> {
  const { input } = terminal;
  const wasRaw = input.isRaw;
  // Raw first, then the question: keys typed as soon as it shows must not be echoed.
  input.setRawMode(true);
  terminal.write(question);
  const decoder = new StringDecoder('utf8');
  const editor = new LineEditor();

  return new Promise((resolve) => {
    const finish = (answer: HiddenAnswer, rest: Buffer | null): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      input.setRawMode(wasRaw);
      input.pause();
      if (rest && rest.length > 0) input.unshift(rest);
      terminal.write('\n');
      const text = editor.chars.join('');
      editor.chars.fill('');
      resolve(answer.kind === 'ok' ? { kind: 'ok', text } : answer);
    };
    const onEnd = (): void => finish({ kind: 'cancelled' }, null);
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        // One byte at a time, so the byte where the line ends is known exactly for unshift.
        for (let i = 0; i < bytes.length; i++) {
          const decoded = decoder.write(bytes.subarray(i, i + 1));
          for (const ch of decoded) {
            const end = editor.feed(ch);
            if (end === null) continue;
            finish(
              end === 'enter' ? { kind: 'ok', text: '' } : { kind: 'cancelled' },
              Buffer.from(bytes.subarray(i + 1)),
            );
            return;
          }
        }
      } finally {
        bytes.fill(0);
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onEnd);
    input.resume();
  });
}
