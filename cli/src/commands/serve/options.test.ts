import { parseConfig } from '@zkpush/api/config';
import { SETTINGS } from '@zkpush/api/settings';
import { describe, expect, test } from 'vitest';
import { flagName, flagsToEnv, optionsHelp, SERVE_ARGS, SERVE_OPTIONS } from './options.ts';

describe('the serve option table', () => {
  // That the table names every variable the server reads is proved once, in api/src/config/settings.test.ts.
  test('offers a flag for every setting of the server table (aliases stay variables only)', () => {
    expect(SETTINGS.length).toBeGreaterThan(10);
    expect(SERVE_OPTIONS.map((option) => option.env)).toEqual(SETTINGS.map((setting) => setting.name));
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
