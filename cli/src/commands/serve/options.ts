/**
 * `zkpush serve`'s flags, generated from the server's one table of settings (@zkpush/api/settings,
 * api/src/config/settings.ts): every server setting as a command-line flag named after its ZKPUSH_*
 * variable (ZKPUSH_VIEWS_MAX → --views-max), with the placeholder, default and help the table gives.
 * Both the parseArgs options and the help text come from here, so flags, help, the parser and
 * docs/configuration.md cannot disagree; the server's parser (api/src/config/config.ts) stays the only
 * place that validates values.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import { SETTING_GROUPS, SETTINGS, type Setting } from '@zkpush/api/settings';

type ServeOption = Readonly<{
  env: `ZKPUSH_${string}`;
  /** Placeholder in the help text: what kind of value the flag takes. */
  value: string;
  /** The default as written in --help; `literal: false` when it is a description, not a value. */
  default: string;
  literal?: false;
  help: string;
}>;

type ServeGroup = Readonly<{ title: string; options: readonly ServeOption[] }>;

function serveOption(setting: Setting): ServeOption {
  const shown = { env: setting.name, value: setting.placeholder, help: setting.help } as const;
  return setting.default === undefined
    ? { ...shown, default: setting.defaultText ?? 'unset', literal: false }
    : { ...shown, default: setting.default };
}

const SERVE_GROUPS: readonly ServeGroup[] = SETTING_GROUPS.map((title) => ({
  title,
  options: SETTINGS.filter((setting) => setting.group === title).map(serveOption),
}));

export const SERVE_OPTIONS: readonly ServeOption[] = SERVE_GROUPS.flatMap((group) => group.options);

/** ZKPUSH_VIEWS_MAX → views-max */
export function flagName(env: string): string {
  return env
    .replace(/^ZKPUSH_/, '')
    .toLowerCase()
    .replaceAll('_', '-');
}

export const SERVE_ARGS = Object.fromEntries([
  ['help', { type: 'boolean', short: 'h' }],
  ...SERVE_OPTIONS.map((option) => [flagName(option.env), { type: 'string' }] as const),
]) satisfies ParseArgsOptionsConfig;

/** Flag values → the environment variables they stand for (only the flags that were given). */
export function flagsToEnv(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const option of SERVE_OPTIONS) {
    const value = values[flagName(option.env)];
    if (typeof value === 'string') env[option.env] = value;
  }
  return env;
}

/** The option lines of `zkpush serve --help`: flag and description, then the variable and its default. */
export function optionsHelp(): string {
  const left = (option: ServeOption): string => `--${flagName(option.env)} ${option.value}`;
  const width = Math.max(...SERVE_OPTIONS.map((option) => left(option).length)) + 2;
  const indent = ' '.repeat(width + 2);
  const line = (option: ServeOption): string =>
    `  ${left(option).padEnd(width)}${option.help}\n${indent}${option.env}, default ${option.default}`;
  return SERVE_GROUPS.map((group) => [`${group.title}:`, ...group.options.map(line)].join('\n')).join('\n\n');
}
