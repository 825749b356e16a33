/**
 * docs/configuration.md holds the settings table exactly as settings-doc.ts generates it. After
 * changing settings.ts, regenerate it: UPDATE_DOCS=1 pnpm exec vitest run api/src/config
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { DOC_END, DOC_START, settingsDoc, withSettingsDoc } from './settings-doc.ts';

const DOC = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));

test('docs/configuration.md has the generated settings table', () => {
  const doc = readFileSync(DOC, 'utf8');
  const updated = withSettingsDoc(doc);
  expect(updated, `docs/configuration.md must keep the markers ${DOC_START} … ${DOC_END}`).toBeDefined();
  if (updated !== undefined && updated !== doc && process.env['UPDATE_DOCS'] === '1') {
    writeFileSync(DOC, updated);
    return;
  }
  expect(
    doc,
    'docs/configuration.md disagrees with api/src/config/settings.ts; regenerate: UPDATE_DOCS=1 pnpm exec vitest run api/src/config',
  ).toBe(updated);
});

test('the table is laid out as Prettier lays out Markdown tables', () => {
  const lines = settingsDoc()
    .split('\n')
    .filter((line) => line.startsWith('|'));
  expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+ \|$/);
});
