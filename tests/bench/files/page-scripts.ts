/**
 * JavaScript that the file-push benchmark evaluates in its pages (Runtime.evaluate, awaiting the
 * promise). Plain ES2022 in strings, because it runs in the browser, not in this Node process; every
 * timing in it is the page's own performance.now(), so what is measured is the browser's work.
 */

/** Installs `window.__bench`: waiting for the DOM and finding elements by their visible text. */
export const HELPERS = `(() => {
  if (window.__bench) return;
  const text = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const waitFor = (predicate, timeoutMs, what) => new Promise((resolve, reject) => {
    const check = () => {
      let value;
      try { value = predicate(); } catch (e) { return finish(reject, e); }
      if (value) finish(resolve, value);
    };
    const finish = (settle, value) => { observer.disconnect(); clearInterval(poll); clearTimeout(timer); settle(value); };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    const poll = setInterval(check, 50);
    const shown = () => [...document.querySelectorAll('h1, [role="alert"], [role="status"]')].map(text).filter(Boolean).join(' | ');
    const timer = setTimeout(() => finish(reject, new Error('timed out waiting for ' + what + '; the page shows: ' + shown())), timeoutMs);
    check();
  });
  const byText = (selector, wanted) =>
    [...document.querySelectorAll(selector)].find((el) => (typeof wanted === 'string' ? text(el) === wanted : wanted.test(text(el))));
  window.__bench = { text, waitFor, byText };
})()`;

const q = (s: string): string => JSON.stringify(s);

/** Waits until an element matching `selector` with exactly this text exists. */
export const waitForText = (selector: string, wanted: string, timeoutMs = 60_000): string =>
  `window.__bench.waitFor(() => window.__bench.byText(${q(selector)}, ${q(wanted)}), ${timeoutMs}, ${q(wanted)}).then(() => true)`;

/** Create page, Files mode: choose "Files" (the radio), so the file input exists. */
export const chooseFilesMode = `(async () => {
  // The SPA renders the form once it has the server's config.
  const radio = await window.__bench.waitFor(
    () => [...document.querySelectorAll('input[type="radio"][name="mode"]')].find((r) => r.value === 'files' && !r.disabled),
    30000, 'the Files radio');
  radio.click();
  await window.__bench.waitFor(() => document.querySelector('input[type="file"]'), 10000, 'the file input');
  return true;
})()`;

/**
 * Presses "Create link" and resolves when "Your link is ready" shows (or the form reports a
 * problem): the whole encrypt + upload + finalise as the person waits for it, in the page's clock.
 */
export const createLinkTimed = (timeoutMs: number): string => `(async () => {
  const b = window.__bench;
  const button = b.byText('button', 'Create link');
  if (!button) throw new Error('no Create link button');
  const t0 = performance.now();
  button.click();
  await b.waitFor(() => {
    const problem = document.querySelector('.problem-slot');
    if (problem && b.text(problem)) throw new Error('the create form reports: ' + b.text(problem));
    return b.byText('h1', 'Your link is ready');
  }, ${timeoutMs}, 'the link');
  const ms = performance.now() - t0;
  const link = [...document.querySelectorAll('input, textarea')].find((el) => el.value && el.value.includes('/s/'));
  if (!link) throw new Error('no link on the result page');
  return { ms, link: link.value };
})()`;

/** Reveal page: press "Reveal files", wait for the list. */
export const revealFiles = `(async () => {
  const b = window.__bench;
  await b.waitFor(() => b.byText('button', 'Reveal files'), 30000, 'the Reveal files button');
  b.byText('button', 'Reveal files').click();
  await b.waitFor(() => b.byText('h1', 'Here are your files'), 30000, 'the revealed files');
  return true;
})()`;

/**
 * Presses the (only) file's "Download" and resolves when its row says "Downloaded and verified."
 * (the service worker finished the stream after the last chunk opened), in the page's clock.
 */
export const downloadTimed = (timeoutMs: number): string => `(async () => {
  const b = window.__bench;
  const button = b.byText('button', 'Download');
  if (!button) throw new Error('no Download button');
  const t0 = performance.now();
  button.click();
  await b.waitFor(() => {
    const row = button.closest('li');
    const state = row && row.querySelector('.state');
    if (state && !b.text(state).startsWith('Downloaded and verified')) throw new Error('the download ended: ' + b.text(state));
    return state;
  }, ${timeoutMs}, 'the verified download');
  return { ms: performance.now() - t0 };
})()`;

/** Bare page: a file input for the unencrypted upload baseline. */
export const addFileInput = `(() => {
  document.body.innerHTML = '<input type="file" id="bench-file">';
  return true;
})()`;

/**
 * The unencrypted upload baseline, the same shape as shared/src/upload.ts: File.stream() cut into
 * chunks of the same sizes (1 MiB of file bytes and 16 bytes where the tag would be), at most
 * `window` chunks held and `concurrency` PUTs in flight, each written by the bare route at the
 * chunk's blob offset. No crypto, no token, no retries.
 */
export const bareUploadTimed = (o: {
  name: string;
  size: number;
  chunks: number;
  paddedSize: number;
  chunkBytes: number;
  tagBytes: number;
  window: number;
  concurrency: number;
}): string => `(async () => {
  const o = ${JSON.stringify(o)};
  const file = document.getElementById('bench-file').files[0];
  if (!file || file.size !== o.size) throw new Error('the baseline page has no file of ' + o.size + ' bytes');
  const slots = (n) => { let free = n; const q = []; return {
    acquire: () => free > 0 ? (free--, Promise.resolve()) : new Promise((r) => q.push(r)),
    release: () => { const next = q.shift(); if (next) next(); else free++; } }; };
  const held = slots(o.window);
  const sending = slots(o.concurrency);
  const plainOf = (i) => (i < o.chunks - 1 ? o.chunkBytes : o.paddedSize - i * o.chunkBytes);
  const t0 = performance.now();
  const reader = file.stream().getReader();
  let pending = null; let pendingAt = 0;
  const inflight = new Set();
  let failed = null;
  for (let i = 0; i < o.chunks && !failed; i++) {
    await held.acquire();
    const body = new Uint8Array(plainOf(i) + o.tagBytes);
    let filled = 0;
    const want = Math.max(0, Math.min(plainOf(i), o.size - i * o.chunkBytes));
    while (filled < want) {
      if (!pending || pendingAt === pending.length) {
        const r = await reader.read();
        if (r.done) throw new Error('the file ended early');
        pending = r.value; pendingAt = 0;
      }
      const take = Math.min(want - filled, pending.length - pendingAt);
      body.set(pending.subarray(pendingAt, pendingAt + take), filled);
      filled += take; pendingAt += take;
    }
    const offset = i * (o.chunkBytes + o.tagBytes);
    const task = (async () => {
      await sending.acquire();
      try {
        const res = await fetch('/bench/blobs/' + o.name + '/' + offset, {
          method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' }, cache: 'no-store',
        });
        await res.arrayBuffer();
        if (res.status !== 204) failed = new Error('HTTP ' + res.status);
      } catch (e) { failed = e; } finally { sending.release(); held.release(); }
    })();
    inflight.add(task);
    task.then(() => inflight.delete(task));
  }
  await Promise.all([...inflight]);
  if (failed) throw failed;
  return { ms: performance.now() - t0 };
})()`;

/** The unencrypted download baseline: the bare blob as a browser download via a hidden iframe. */
export const bareDownload = (name: string): string => `(() => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = '/bench/blobs/${name}';
  document.body.append(frame);
  return performance.now();
})()`;
