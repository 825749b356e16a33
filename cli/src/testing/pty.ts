/**
 * Runs the real executable on a pseudo-terminal, with util-linux `script` as the terminal emulator:
 * the child gets the pty as its controlling terminal (so /dev/tty works) and as stdin, stdout and
 * stderr. The test plays the person at the keyboard: it waits until the screen shows a given text,
 * then types. Everything the terminal displayed comes back — so whether a keystroke was echoed is
 * exactly what can be checked.
 */
import { spawnSync } from 'node:child_process';
import { BIN, spawnChild } from './spawn.ts';

export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

export interface Step {
  /** Wait until the screen shows this, after what the previous step waited for. */
  see: string;
  /** Then type this ("\r" is Enter, "\u0004" Ctrl-D). */
  type: string;
}

export interface PtyResult {
  code: number | null;
  /** Everything shown on the terminal (the pty turns "\n" into "\r\n"). */
  screen: string;
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** `zkpush <args>` on a pty; `stdinFrom` pipes that text in instead of the terminal (`printf … |`). */
export function runOnPty(
  args: readonly string[],
  steps: readonly Step[],
  options: { env?: Record<string, string>; cwd?: string; stdinFrom?: string } = {},
): Promise<PtyResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const line = options.stdinFrom === undefined ? command : `printf '%s' ${quote(options.stdinFrom)} | ${command}`;
  return new Promise((resolve, reject) => {
    // `script` starts a shell that starts zkpush: spawnChild ends all three when the test finishes.
    const child = spawnChild('script', ['-q', '-e', '-c', line, '/dev/null'], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', SHELL: '/bin/sh', TERM: 'dumb', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const { stdin, stdout, stderr } = child;
    if (stdin === null || stdout === null || stderr === null) throw new Error('stdio is piped');
    let screen = '';
    let seenUpTo = 0;
    let next = 0;
    const advance = (): void => {
      while (next < steps.length) {
        const step = steps[next]!;
        const at = screen.indexOf(step.see, seenUpTo);
        if (at < 0) return;
        seenUpTo = at + step.see.length;
        next++;
        stdin.write(step.type);
      }
    };
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      advance();
    });
    stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    stdin.on('error', () => {});
    child.on('error', reject);
    // stdin stays open to the end: `script` ends the session when its input closes.
    child.on('close', (code) => {
      stdin.destroy();
      if (next < steps.length)
        reject(new Error(`ended before showing ${JSON.stringify(steps[next]!.see)}:\n${screen}`));
      else resolve({ code, screen });
    });
  });
}
