/**
 * The preamble every command shares, written once: its arguments parsed strictly (parse.ts), --help
 * answered on stdout, more positional arguments than it takes refused, and its outcome turned into an
 * exit status, a failure reported as one `zkpush: …` line on stderr (runtime/report.ts).
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Context } from '../runtime/context.ts';
import { EXIT, type Failure } from '../runtime/exit-codes.ts';
import { reportFailure } from '../runtime/report.ts';
import { checkPositionals, parseCommandArgs } from './parse.ts';

/** How a command ended: fine, or with a failure that names its exit code. */
export type Outcome = { kind: 'ok' } | { kind: 'fail'; failure: Failure };

/** The option values and positional arguments of a command with these options. */
export type CommandArgs<O extends ParseArgsOptionsConfig> = Extract<
  ReturnType<typeof parseCommandArgs<O>>,
  { kind: 'ok' }
>['value'];

interface CommandSpec<O extends ParseArgsOptionsConfig, Extra extends unknown[]> {
  /** As typed after `zkpush`; names the command in the "takes one argument" message. */
  name: string;
  /** Its options, including `help` (-h, --help). */
  options: O;
  /** Written to stdout for --help. */
  help: string;
  /** The most positional arguments it takes. */
  positionals: number;
  /** The command itself; a number is an exit status whose messages the command wrote itself. */
  run(args: CommandArgs<O>, ctx: Context, ...extra: Extra): Promise<Outcome | number>;
}

export type Command<Extra extends unknown[] = []> = (
  args: readonly string[],
  ctx: Context,
  ...extra: Extra
) => Promise<number>;

export function defineCommand<const O extends ParseArgsOptionsConfig, Extra extends unknown[] = []>(
  spec: CommandSpec<O, Extra>,
): Command<Extra> {
  return async (args, ctx, ...extra) => {
    const parsed = parseCommandArgs(args, spec.options);
    if (parsed.kind === 'fail') return reportFailure(ctx, parsed.failure);
    const values: Readonly<Record<string, unknown>> = parsed.value.values;
    if (values['help'] === true) {
      ctx.stdout.write(spec.help);
      return EXIT.ok;
    }
    const extraArgs = checkPositionals(parsed.value.positionals, spec.positionals, spec.name);
    if (extraArgs) return reportFailure(ctx, extraArgs);
    const outcome = await spec.run(parsed.value, ctx, ...extra);
    if (typeof outcome === 'number') return outcome;
    return outcome.kind === 'ok' ? EXIT.ok : reportFailure(ctx, outcome.failure);
  };
}
