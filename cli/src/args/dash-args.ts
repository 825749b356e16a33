/**
 * Arguments that start with "-" but are not options. Ids and owner tokens are base64url, so one in
 * 64 starts with "-", and parseArgs' strict mode refuses both where they belong: `--owner-token -Ab…`
 * ("argument is ambiguous") and a bare id `zkpush meta -Xy…` ("unknown option"). So, before parsing:
 *
 * - an option that takes a value takes the next argument, whatever it is, as getopt does (POSIX
 *   Utility Syntax Guideline 7 and getopt_long's required arguments): `--name X` becomes `--name=X`;
 * - an argument shaped exactly like an id that names no option is a positional. parseArgs sees a
 *   placeholder no real argument can be (argv strings never contain NUL), swapped back afterwards.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import { isSecretId } from '@zkpush/shared/link';

interface PreparedArgs {
  args: string[];
  /** Puts the ids back in place of their placeholders. */
  restore(positionals: readonly string[]): string[];
}

export function prepareArgs(args: readonly string[], options: ParseArgsOptionsConfig): PreparedArgs {
  const withValue = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    withValue.set(`--${name}`, name);
    if (option.short !== undefined) withValue.set(`-${option.short}`, name);
  }
  const ids = new Map<string, string>();
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = withValue.get(arg);
    const next = args[i + 1];
    if (name !== undefined && next?.startsWith('-')) {
      out.push(`--${name}=${next}`);
      i++;
    } else if (arg.startsWith('-') && isSecretId(arg) && !Object.hasOwn(options, arg.replace(/^--/, ''))) {
      const placeholder = `\u0000${ids.size}`;
      ids.set(placeholder, arg);
      out.push(placeholder);
    } else {
      out.push(arg);
    }
  }
  return { args: out, restore: (positionals) => positionals.map((p) => ids.get(p) ?? p) };
}
