/**
 * What the browser itself makes of the server's protective headers: the CSP is enforced (an injected
 * inline script does not run, framing is refused, WebAssembly compiles neither on the pages nor in the
 * workers), and no header draws a warning.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { expect, test } from './helpers/fixtures.ts';
import { expectCsp, expectNoStore } from './helpers/assertions.ts';
import { createViaApi, randomSecret } from './helpers/pushes.ts';
import { REPO_ROOT } from '../support/server-process.ts';

test('pages load without a single console warning or error', async ({ openContext, server }) => {
  const push = await createViaApi(server.url, randomSecret('warnings'));
  const rec = await openContext('visitor');
  await rec.page.goto('/');
  await expect(rec.page.getByRole('button', { name: 'Create link' })).toBeVisible();
  await rec.page.goto(push.link);
  await expect(rec.page.getByRole('button', { name: 'Reveal secret' })).toBeVisible();
  await rec.settle();
  const noisy = rec.console.filter((e) => e.type === 'warning' || e.type === 'error');
  expect(noisy.map((e) => `${e.type}: ${e.text}`)).toEqual([]);
});

test('every HTML response carries the hardened CSP; the reveal page is never cached', async ({ openContext }) => {
  const rec = await openContext('visitor');
  const id = toBase64url(randomBytes(16));
  for (const path of ['/', `/s/${id}`, '/s/anything/else', '/no-such-page']) {
    await rec.page.goto(path);
  }
  await rec.settle();
  const docs = rec.responses.filter((r) => r.resourceType === 'document');
  expect(docs.length).toBe(4);
  for (const doc of docs) {
    if (doc.headers['content-type']?.startsWith('text/html')) expectCsp(doc);
    expect(doc.headers['x-content-type-options']).toBe('nosniff');
  }
  const reveal = docs.find((d) => new URL(d.url).pathname === `/s/${id}`);
  expect(reveal).toBeDefined();
  if (reveal) expectNoStore(reveal);
});

test('the CSP blocks an injected inline script', async ({ openContext }) => {
  const rec = await openContext('visitor');
  await rec.page.goto('/');
  await expect(rec.page.getByRole('button', { name: 'Create link' })).toBeVisible();
  // Simulates an HTML injection: an inline <script> added to the DOM must not execute.
  await rec.page.evaluate(
    "{ const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.append(s); }",
  );
  expect(await rec.page.evaluate<unknown>('window.__injected === true')).toBe(false);
  await expect
    .poll(() => rec.console.some((e) => e.type === 'error' && /Content Security Policy/.test(e.text)))
    .toBe(true);
});

test('the app refuses to be framed', async ({ openContext, server }) => {
  const rec = await openContext('framer');
  // An attacker's page (here: a blank page) embedding zkpush in an iframe.
  await rec.page.setContent(`<iframe src="${server.url}/" title="embedded"></iframe>`);
  await expect
    .poll(() => rec.console.some((e) => /frame-ancestors|Refused to (display|frame)/.test(e.text)))
    .toBe(true);
  const frame = rec.page.frames().find((f) => f.url().startsWith(server.url));
  const framedButtons = frame ? await frame.getByRole('button', { name: 'Create link' }).count() : 0;
  expect(framedButtons).toBe(0);
});

/**
 * Compiles the smallest WebAssembly module (magic and version) where it is evaluated — what
 * 'wasm-unsafe-eval' gates — and names the outcome. A string: it runs in the browser, not here.
 */
const COMPILE_WASM = `WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
  () => 'compiled',
  (e) => (e instanceof Error ? e.name : 'refused'),
)`;

test('neither the page nor any of its workers may compile WebAssembly', async ({ openContext }) => {
  const rec = await openContext('visitor');
  await rec.page.goto('/');
  await expect(rec.page.getByRole('button', { name: 'Create link' })).toBeVisible();
  // A worker runs under its own script's CSP (docs/security.md "Files in the browser"): start the
  // build's workers (hashed names) the way the app does and try in each.
  const dir = join(REPO_ROOT, 'web/build/_app/immutable/workers');
  const verdicts: Record<string, unknown> = { page: await rec.page.evaluate(COMPILE_WASM) };
  for (const kind of ['seal', 'open', 'kdf']) {
    const file = readdirSync(dir).find((f) => f.startsWith(`${kind}-worker-`) && f.endsWith('.js'));
    expect(file, `${kind} worker in the build`).toBeDefined();
    const started = rec.page.waitForEvent('worker', (w) => w.url().endsWith(`/${file}`));
    await rec.page.evaluate(`void new Worker('/_app/immutable/workers/${file}', { type: 'module' })`);
    verdicts[kind] = await (await started).evaluate(COMPILE_WASM);
  }
  expect(verdicts).toEqual({ page: 'CompileError', seal: 'CompileError', open: 'CompileError', kdf: 'CompileError' });
});
