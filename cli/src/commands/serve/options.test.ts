import { parseConfig } from '@zkpush/api/config';
import { describe, expect, test } from 'vitest';
import { flagName, flagsToEnv, optionsHelp, SERVE_ARGS, SERVE_OPTIONS } from './options.ts';

/** Variables the server still reads but that are not offered as flags. */
const NOT_FLAGS = new Set([
  // Deprecated alias of ZKPUSH_AUDIT_RETENTION (the server warns when it is used).
  'ZKPUSH_TOMBSTONE_RETENTION',
]);

/** Every ZKPUSH_* name parseConfig looks up, observed through a Proxy environment. */
function variablesReadByServer(): string[] {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_, name) {
        if (typeof name === 'string' && name.startsWith('ZKPUSH_')) read.add(name);
        return undefined;
      },
    },
  );
  parseConfig(env);
  return [...read].sort();
}

describe('the serve option table', () => {
  test('offers a flag for every variable the server reads, and none it does not read', () => {
    const read = variablesReadByServer().filter((name) => !NOT_FLAGS.has(name));
    expect(read.length).toBeGreaterThan(10);
    expect(SERVE_OPTIONS.map((option) => option.env).sort()).toEqual(read);
  });

  test('each default shown in --help is the one the server uses', () => {
    const base = parseConfig({});
    if (base.kind !== 'ok') throw new Error('defaults invalid');
    for (const option of SERVE_OPTIONS) {
      if (option.literal === false) continue;
      const parsed = parseConfig({ [option.env]: option.default });
      expect(parsed, option.env).toMatchObject({ kind: 'ok', config: base.config });
    }
  });

  test('flag names follow the variable names and are unique', () => {
    expect(flagName('ZKPUSH_VIEWS_MAX')).toBe('views-max');
    expect(flagName('ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT')).toBe('deletable-by-viewer-default');
    const names = SERVE_OPTIONS.map((option) => flagName(option.env));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(SERVE_ARGS).sort()).toEqual(['help', ...names].sort());
  });

  test('only the flags that were given become variables', () => {
    expect(flagsToEnv({ port: '0', 'views-max': '7', help: true, bogus: 'x' })).toEqual({
      ZKPUSH_PORT: '0',
      ZKPUSH_VIEWS_MAX: '7',
    });
  });

  test('the help text names every flag, its variable and its default', () => {
    const help = optionsHelp();
    for (const option of SERVE_OPTIONS) {
      expect(help).toContain(`--${flagName(option.env)} ${option.value}`);
      expect(help).toContain(`${option.env}, default ${option.default}`);
    }
  });
});
