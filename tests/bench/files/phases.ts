/**
 * The four timed phases of the file-push benchmark (bench.ts), each in a fresh browser context:
 *
 *   (a) app upload     create page, Files mode, the file picked (DOM.setFileInputFiles: a real,
 *                      disk-backed File the app reads with File.stream()), "Create link" pressed,
 *                      until "Your link is ready" — sealing in the app's workers, chunk PUTs, finalise
 *   (b) app download   the link opened in another context, "Reveal files", "Download" pressed, until
 *                      the browser's download manager has the whole file on disk (service worker:
 *                      GET the blob, open each chunk, stream the plaintext into the download)
 *   (c) bare upload    the same file read with File.stream() from a page of the bare server's origin,
 *                      cut into the same chunks and PUT with the same window and concurrency, no crypto
 *   (d) bare download  that blob as a plain browser download (hidden iframe, like the app's)
 *
 * Every download is checked by SHA-256 against what it must be. Memory peaks are taken over each
 * phase alone (PeakSampler, HeapPoll).
 */
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CONCURRENCY, DEFAULT_WINDOW } from '@zkpush/shared/upload';
import { FILE_CHUNK_BYTES, TAG_BYTES } from '@zkpush/shared/wire-constants';
import { str, type CdpSession } from '../browser/cdp.ts';
import { formatSummary, summarizeProfile } from '../process/profile-summary.ts';
import type { Browser, Page } from '../browser/chromium.ts';
import { sha256OfFile, type BenchFile } from './bench-file.ts';
import type { DownloadWatch } from './download-watch.ts';
import { HeapPoll, type HeapPeaks } from '../browser/heap-poll.ts';
import type { Peaks, PeakSampler } from '../process/memory.ts';
import type { ThreadCpu } from '../process/thread-cpu.ts';
import * as js from './page-scripts.ts';

export interface PhaseEnv {
  browser: Browser;
  appUrl: string;
  bareUrl: string;
  downloadDir: string;
  watch: DownloadWatch;
  sampler: PeakSampler;
  /** Generous: a phase that takes longer than this has failed. */
  timeoutMs: number;
  /** Poll JS heaps over CDP (off: only /proc is sampled, to check the polling costs nothing). */
  heap: boolean;
  /** With --profile: CPU time per thread over each phase. */
  cpu?: ThreadCpu;
  /** With --js-profile: V8 CPU profiles of the app's page and service worker, saved here. */
  jsProfileDir?: string;
}

async function startProfiler(session: CdpSession): Promise<void> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  await session.send('Profiler.start');
}

/** Stops the profiler, saves the profile and prints where the time went. */
async function stopProfiler(session: CdpSession, dir: string, name: string): Promise<void> {
  const r = await session.send('Profiler.stop');
  const path = join(dir, `${name}-${Date.now()}.cpuprofile`);
  writeFileSync(path, JSON.stringify(r['profile']));
  await session.send('Profiler.disable');
  console.log(`  V8 CPU profile of ${name}: ${path}`);
  console.log(formatSummary(summarizeProfile(path, 15)).replace(/^/gm, '    '));
}

async function serviceWorkerSession(env: PhaseEnv, contextId: string): Promise<CdpSession | undefined> {
  const r = await env.browser.root.send('Target.getTargets');
  const infos = Array.isArray(r['targetInfos']) ? r['targetInfos'] : [];
  for (const info of infos) {
    if (!isRecord(info) || info['type'] !== 'service_worker' || info['browserContextId'] !== contextId) continue;
    const attached = await env.browser.root.send('Target.attachToTarget', {
      targetId: String(info['targetId']),
      flatten: true,
    });
    return env.browser.cdp.session(str(attached, 'sessionId'));
  }
  return undefined;
}

export type Measured = { ms: number; peaks: Peaks; heap: HeapPeaks; cpu?: { key: string; ms: number }[] };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

async function setFile(page: Page, selector: string, path: string): Promise<void> {
  const r = await page.session.send('Runtime.evaluate', {
    expression: `document.querySelector(${JSON.stringify(selector)})`,
  });
  const obj = isRecord(r['result']) ? r['result'] : {};
  await page.session.send('DOM.setFileInputFiles', { files: [path], objectId: str(obj, 'objectId') });
}

async function measured<T>(
  env: PhaseEnv,
  page: Page,
  contextId: string,
  run: () => Promise<T>,
): Promise<{ value: T; peaks: Peaks; heap: HeapPeaks; cpu?: { key: string; ms: number }[] }> {
  const heapPoll = env.heap ? await HeapPoll.start(env.browser.cdp, page.session, contextId) : undefined;
  env.sampler.take(); // peaks from here on
  env.cpu?.start();
  try {
    const value = await run();
    const cpu = env.cpu?.stop();
    const peaks = env.sampler.take();
    const heap = (await heapPoll?.stop()) ?? { page: NaN, workers: NaN, workerCount: 0 };
    return { value, peaks, heap, ...(cpu ? { cpu } : {}) };
  } catch (e) {
    env.cpu?.stop();
    await heapPoll?.stop();
    throw e;
  }
}

async function verifiedDownload(env: PhaseEnv, trigger: () => Promise<unknown>, sha256: string, bytes: number) {
  const started = env.watch.next();
  const t0 = performance.now();
  const triggered = trigger();
  const download = await started;
  const [finished] = await Promise.all([download.finished, triggered]);
  const path = join(env.downloadDir, download.guid);
  try {
    if (finished.state !== 'completed') throw new Error(`the download was ${finished.state}`);
    if (finished.receivedBytes !== bytes) throw new Error(`downloaded ${finished.receivedBytes} bytes, not ${bytes}`);
    const got = await sha256OfFile(path);
    if (got !== sha256) throw new Error(`the downloaded file's SHA-256 is ${got}, not ${sha256}`);
  } finally {
    await rm(path, { force: true });
  }
  return { ms: finished.at - t0, name: download.suggestedFilename };
}

/** (a) Returns the link too, for (b). */
export async function appUpload(env: PhaseEnv, file: BenchFile): Promise<Measured & { link: string }> {
  const ctx = await env.browser.newContext(env.downloadDir);
  try {
    const page = await ctx.newPage(`${env.appUrl}/`);
    await page.evaluate(js.HELPERS);
    await page.evaluate(js.chooseFilesMode);
    await setFile(page, 'input[type="file"]', file.path);
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    await page.evaluate(
      `window.__bench.waitFor(() => document.body.innerText.includes(${JSON.stringify(name)}), 10000, 'the picked file').then(() => true)`,
    );
    if (env.jsProfileDir) await startProfiler(page.session);
    const r = await measured(env, page, ctx.id, () => page.evaluate(js.createLinkTimed(env.timeoutMs)));
    if (env.jsProfileDir) await stopProfiler(page.session, env.jsProfileDir, 'create-page');
    if (!isRecord(r.value) || typeof r.value['ms'] !== 'number' || typeof r.value['link'] !== 'string') {
      throw new Error(`unexpected result from the create page: ${JSON.stringify(r.value)}`);
    }
    return { ...r, ms: r.value['ms'], link: r.value['link'] };
  } finally {
    await ctx.close();
  }
}

/** (b) */
export async function appDownload(
  env: PhaseEnv,
  file: BenchFile,
  link: string,
): Promise<Measured & { pageMs: number }> {
  const ctx = await env.browser.newContext(env.downloadDir);
  try {
    const page = await ctx.newPage(link);
    await page.evaluate(js.HELPERS);
    await page.evaluate(js.revealFiles);
    // The page registers its download worker as soon as it shows files; wait until it is active.
    await page.evaluate(
      `Promise.race([navigator.serviceWorker.ready, new Promise((_, no) => setTimeout(() => no(new Error('no service worker')), 15000))]).then(() => true)`,
    );
    let pageMs = NaN;
    const sw = env.jsProfileDir ? await serviceWorkerSession(env, ctx.id) : undefined;
    if (env.jsProfileDir) await startProfiler(page.session);
    if (sw) await startProfiler(sw);
    const r = await measured(env, page, ctx.id, () =>
      verifiedDownload(
        env,
        async () => {
          const v = await page.evaluate(js.downloadTimed(env.timeoutMs));
          if (isRecord(v) && typeof v['ms'] === 'number') pageMs = v['ms'];
        },
        file.sha256,
        file.size,
      ),
    );
    if (env.jsProfileDir) await stopProfiler(page.session, env.jsProfileDir, 'reveal-page');
    if (sw && env.jsProfileDir) await stopProfiler(sw, env.jsProfileDir, 'service-worker');
    return { ...r, ms: r.value.ms, pageMs };
  } finally {
    await ctx.close();
  }
}

/** (c) Leaves the blob `name` on the bare server for (d). */
export async function bareUpload(env: PhaseEnv, file: BenchFile, name: string): Promise<Measured> {
  const ctx = await env.browser.newContext(env.downloadDir);
  try {
    const page = await ctx.newPage(`${env.bareUrl}/bench/page`);
    await page.evaluate(js.HELPERS);
    await page.evaluate(js.addFileInput);
    await setFile(page, '#bench-file', file.path);
    const script = js.bareUploadTimed({
      name,
      size: file.size,
      chunks: file.layout.chunks,
      paddedSize: file.layout.paddedSize,
      chunkBytes: FILE_CHUNK_BYTES,
      tagBytes: TAG_BYTES,
      window: DEFAULT_WINDOW,
      concurrency: DEFAULT_CONCURRENCY,
    });
    if (env.jsProfileDir) await startProfiler(page.session);
    const r = await measured(env, page, ctx.id, () => page.evaluate(script));
    if (env.jsProfileDir) await stopProfiler(page.session, env.jsProfileDir, 'bare-upload-page');
    if (!isRecord(r.value) || typeof r.value['ms'] !== 'number') throw new Error('unexpected baseline upload result');
    return { ...r, ms: r.value['ms'] };
  } finally {
    await ctx.close();
  }
}

/** (d) Deletes the blob afterwards. */
export async function bareDownload(env: PhaseEnv, file: BenchFile, name: string): Promise<Measured> {
  const ctx = await env.browser.newContext(env.downloadDir);
  try {
    const page = await ctx.newPage(`${env.bareUrl}/bench/page`);
    const r = await measured(env, page, ctx.id, () =>
      verifiedDownload(env, () => page.evaluate(js.bareDownload(name)), file.bareSha256, file.layout.blobBytes),
    );
    return { ...r, ms: r.value.ms };
  } finally {
    await ctx.close();
    await fetch(`${env.bareUrl}/bench/blobs/${name}`, { method: 'DELETE' }).catch(() => undefined);
  }
}
