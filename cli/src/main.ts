/**
 * Entry point and dispatch: `zkpush <command> [options]`. `main` is pure over its Context (tests call
 * it in-process); `runCli` wires it to the real process and is what bin/zkpush.js (the workspace) and
 * scripts/npm/entry.ts (the npm package's bundle) await. Exit codes: runtime/exit-codes.ts and docs/cli.md.
 */
import pkg from '../package.json' with { type: 'json' };
import type { Context } from './runtime/context.ts';
import { runDelete } from './commands/delete/delete.ts';
import { runEvents } from './commands/events/events.ts';
import { EXIT, fail } from './runtime/exit-codes.ts';
import { systemContext } from './runtime/io.ts';
import { runMeta } from './commands/meta/meta.ts';
import { runOpen } from './commands/open/open.ts';
import { runPush } from './commands/push/push.ts';
import { mainHelp, mainMessages } from './messages.ts';
import { redactKeys, reportFailure } from './runtime/report.ts';
import type { Installation } from './commands/serve/serve.ts';

export const VERSION: string = pkg.version;

const HELP = mainHelp(VERSION);

type Command = (args: readonly string[], ctx: Context, installation: Installation) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  push: runPush,
  open: runOpen,
  meta: runMeta,
  delete: runDelete,
  events: runEvents,
  // Loaded on use: push/open should not pay for the server's modules (Hono, SQLite) at start-up.
  serve: async (args, ctx, installation) => {
    const { runServe, systemServeDeps } = await import('./commands/serve/serve.ts');
    return runServe(args, ctx, systemServeDeps(installation));
  },
};

/** `installation`: what this copy ships beside its code (the npm package's web app, for `serve`). */
export async function main(argv: readonly string[], ctx: Context, installation: Installation = {}): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    ctx.stderr.write(HELP);
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h') {
    ctx.stdout.write(HELP);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      ctx.stdout.write(HELP);
      return EXIT.ok;
    }
    return main([topic, '--help'], ctx, installation);
  }
  if (first === '--version' || first === '-V') {
    ctx.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command) return command(rest, ctx, installation);
  // Never echo the word: it may be a link (with its key) or a secret typed in the wrong place.
  const what = first.startsWith('-') ? mainMessages.unknownOption : mainMessages.unknownCommand;
  return reportFailure(ctx, fail(EXIT.usage, mainMessages.refused(what)));
}

/** Runs with the real process; an unexpected throw becomes exit 1 with a redacted one-line message. */
export async function runCli(
  argv: readonly string[] = process.argv.slice(2),
  installation: Installation = {},
): Promise<number> {
  const ctx = systemContext();
  try {
    return await main(argv, ctx, installation);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : mainMessages.unknownError;
    ctx.stderr.write(mainMessages.internalError(redactKeys(message)));
    return EXIT.other;
  }
}
