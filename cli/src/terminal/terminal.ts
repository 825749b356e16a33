/**
 * The terminal a passphrase is asked on. Like ssh, sudo and gpg, zkpush asks on /dev/tty — the
 * controlling terminal — rather than on stdin, so `printf '%s' "$LINK" | zkpush open -` can still
 * prompt while stdin carries the link (or the secret). Only when /dev/tty cannot be opened but stdin
 * is a terminal does it ask there. No controlling terminal (cron, CI, `setsid`) means no prompt:
 * the commands then want --passphrase-env or --passphrase-file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { isatty, ReadStream } from 'node:tty';

/** What hidden-prompt.ts needs of a terminal's input: a readable stream that can go raw (no echo). */
type TtyInput = Readable & {
  setRawMode(raw: boolean): unknown;
  readonly isRaw: boolean;
};

export interface Terminal {
  readonly input: TtyInput;
  /** Prompts and interactive notes; on /dev/tty, so they show even when stderr is redirected. */
  write(text: string): void;
  /** Leaves raw mode and releases the device. */
  close(): void;
}

function openDevTty(): Terminal | null {
  let readFd = -1;
  let writeFd = -1;
  try {
    readFd = openSync('/dev/tty', 'r');
    writeFd = openSync('/dev/tty', 'w');
  } catch {
    // ENXIO: no controlling terminal. Nothing to clean up but what did open.
    if (readFd >= 0) closeSync(readFd);
    return null;
  }
  if (!isatty(readFd)) {
    closeSync(readFd);
    closeSync(writeFd);
    return null;
  }
  const input = new ReadStream(readFd);
  return {
    input,
    write: (text) => void writeSync(writeFd, text),
    close: () => {
      if (input.isRaw) input.setRawMode(false);
      input.destroy(); // closes readFd
      closeSync(writeFd);
    },
  };
}

function stdinTerminal(): Terminal | null {
  const stdin = process.stdin;
  if (!stdin.isTTY) return null;
  return {
    input: stdin,
    write: (text) => void process.stderr.write(text),
    close: () => {
      if (stdin.isRaw) stdin.setRawMode(false);
      stdin.pause();
    },
  };
}

/** The real terminal for systemContext, or null when there is none to ask on. */
export function openSystemTerminal(): Terminal | null {
  return openDevTty() ?? stdinTerminal();
}
