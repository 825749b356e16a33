/**
 * Playwright fixtures: one production server per worker (`node api/src/main.ts`, temp data dir, every
 * log line kept) and browser contexts that record everything they send, so a spec can prove no key,
 * plaintext or link left the browser except as ciphertext. Every process a test starts (the CLI, in
 * cli-interop.spec.ts) is killed by pid when the test ends, passed, failed or timed out; the server when
 * the worker ends; Playwright closes its Chromium itself.
 */
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { join } from 'node:path';
import { killTree, liveChildren } from 'zkpush/testing/spawn';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';

export interface RecordedRequest {
  context: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  postData: string | null;
  resourceType: string;
}

export interface RecordedResponse {
  context: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  resourceType: string;
}

export interface ConsoleEntry {
  context: string;
  type: string;
  text: string;
  url: string;
}

export interface Recording {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly requests: RecordedRequest[];
  readonly responses: RecordedResponse[];
  readonly console: ConsoleEntry[];
  readonly pageErrors: string[];
  /** Waits for the async parts (all headers) of everything recorded so far. */
  settle(): Promise<void>;
}

/** HTTP never transmits the fragment (RFC 3986 §3.5); Playwright's request URL may still show it. */
export function withoutFragment(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/**
 * Navigates with a full page load even when only the fragment differs from the current URL (which
 * would otherwise be a same-document hash change that the SPA does not re-read).
 */
export async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

/**
 * How long to wait for the headers Chromium reports apart from a request or response itself (cookies,
 * the raw response headers). For some worker and service-worker requests it never reports them, and
 * Playwright's allHeaders() then waits forever (microsoft/playwright#39948) — seen on a busy machine as
 * a file download test hanging in settle(). After this long the headers Playwright saw first are
 * recorded instead, so the checks still see the request and settle() always ends.
 */
const EXTRA_HEADERS_MS = 10_000;

function allHeadersOr(
  all: Promise<Record<string, string>>,
  first: () => Record<string, string>,
): Promise<Record<string, string>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Record<string, string>>((resolve) => {
    timer = setTimeout(() => resolve(first()), EXTRA_HEADERS_MS);
  });
  return Promise.race([all, late]).finally(() => clearTimeout(timer));
}

async function recordContext(context: BrowserContext, name: string): Promise<Recording> {
  const requests: RecordedRequest[] = [];
  const responses: RecordedResponse[] = [];
  const consoleEntries: ConsoleEntry[] = [];
  const pageErrors: string[] = [];
  const pending: Promise<unknown>[] = [];

  context.on('request', (req) => {
    pending.push(
      allHeadersOr(req.allHeaders(), () => req.headers())
        // A request still starting when the context closes cannot report its full headers any more;
        // it is recorded anyway, with the headers Playwright saw first, so the checks still see it.
        .catch(() => req.headers())
        .then((headers) =>
          requests.push({
            context: name,
            method: req.method(),
            url: withoutFragment(req.url()),
            headers,
            postData: req.postData(),
            resourceType: req.resourceType(),
          }),
        ),
    );
  });
  context.on('response', (res) => {
    pending.push(
      allHeadersOr(res.allHeaders(), () => res.headers())
        .then((headers) =>
          responses.push({
            context: name,
            url: res.url(),
            status: res.status(),
            headers,
            resourceType: res.request().resourceType(),
          }),
        )
        .catch(() => undefined),
    );
  });
  context.on('console', (msg) => {
    consoleEntries.push({ context: name, type: msg.type(), text: msg.text(), url: msg.location().url });
  });
  context.on('weberror', (err) => pageErrors.push(err.error().message));

  const page = await context.newPage();
  return {
    name,
    context,
    page,
    requests,
    responses,
    console: consoleEntries,
    pageErrors,
    settle: async () => {
      // Handlers may add more promises while we wait.
      for (let n = 0; n < pending.length; n = pending.length) await Promise.allSettled(pending.slice(n));
    },
  };
}

interface WorkerFixtures {
  server: ServerProcess;
}

interface TestFixtures {
  /**
   * Opens a new, isolated, recording browser context ("another browser"). Closed after the test.
   * `options` for a browser that differs (service workers blocked, say, or another server's baseURL).
   */
  openContext: (name: string, options?: BrowserContextOptions) => Promise<Recording>;
  /** Server log lines written since this test started. */
  serverLogs: () => readonly string[];
  /** Automatic: kills what the test started through zkpush/testing/spawn and left running. */
  endsItsProcesses: undefined;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
    async ({}, use, workerInfo) => {
      const server = await startServerProcess({
        logFile: join(workerInfo.project.outputDir, `server-${workerInfo.workerIndex}.log`),
      });
      await use(server);
      const code = await server.stop();
      // SIGTERM must be a graceful shutdown, not a crash.
      expect(code, `server exit code; logs:\n${server.logs.join('\n')}`).toBe(0);
    },
    // Room for a server that starts slowly on a busy machine (startServerProcess waits up to 60 s).
    { scope: 'worker', timeout: 120_000 },
  ],
  endsItsProcesses: [
    // Depends on the worker's server so that it is already running (and kept) when the test starts.
    async ({ server }, use) => {
      const before = new Set([server.child, ...liveChildren()]);
      await use(undefined);
      for (const child of liveChildren()) if (!before.has(child)) killTree(child);
    },
    { auto: true },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  openContext: async ({ browser, baseURL }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (name, options = {}) => {
      // A spec running its own server (sign-in.spec.ts, recipient-bound.spec.ts) passes its baseURL.
      const context = await browser.newContext({ baseURL: baseURL ?? '', ...options });
      opened.push(context);
      return recordContext(context, name);
    });
    for (const c of opened) await c.close();
  },
  serverLogs: async ({ server }, use) => {
    const start = server.logs.length;
    await use(() => server.logs.slice(start));
  },
});

export { expect };
