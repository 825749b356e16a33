// Flat config: typescript-eslint strict for all TS, eslint-plugin-svelte for components, prettier last
// so formatting is prettier's job alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'web/build/**',
      'web/.svelte-kit/**',
      'web/src/lib/i18n/paraglide/**',
      'dist/**',
      'cli/dist/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Byte-level code indexes typed arrays under noUncheckedIndexedAccess; `!` there is deliberate.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Command-line entry points and scripts talk to people on stdout.
    files: ['scripts/**', 'tests/bench/**', 'api/src/main.ts', 'tests/e2e/**'],
    rules: { 'no-console': 'off' },
  },
);
