/**
 * Headless Debian Chromium for the file-push benchmark, launched directly with the flags the e2e tests
 * use (tests/support/chromium.ts) and driven over a DevTools pipe (cdp.ts) with nothing enabled by
 * default: the benchmark measures the browser, not a test harness's instrumentation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { CdpConnection, evaluate, str, type CdpSession } from './cdp.ts';

export interface Browser {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly cdp: CdpConnection;
  readonly root: CdpSession;
  /** A fresh isolated context (like a new browser profile); downloads go to `downloadDir`. */
  newContext(downloadDir: string): Promise<BrowserContext>;
  close(): Promise<void>;
}

export interface BrowserContext {
  readonly id: string;
  /** Opens a page at `url` and attaches to it; resolves once it has loaded. */
  newPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

export interface Page {
  readonly targetId: string;
  readonly session: CdpSession;
  evaluate(expression: string): Promise<unknown>;
  /** Navigates and waits for the load event (Page.enable is needed for the event). */
  goto(url: string): Promise<void>;
}

export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'zkpush-bench-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_FLAGS,
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--no-default-browser-check',
      ...extraFlags,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => {
    stderr = (stderr + t).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cdp = new CdpConnection(child);
  const root = cdp.session(undefined);
  try {
    await root.send('Browser.getVersion');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`Chromium did not start: ${String(e)}\n${stderr}`, { cause: e });
  }

  async function newContext(downloadDir: string): Promise<BrowserContext> {
    const id = str(await root.send('Target.createBrowserContext', { disposeOnDetach: false }), 'browserContextId');
    await root.send('Browser.setDownloadBehavior', {
      behavior: 'allowAndName',
      browserContextId: id,
      downloadPath: downloadDir,
      eventsEnabled: true,
    });
    return {
      id,
      async newPage(url) {
        const targetId = str(
          await root.send('Target.createTarget', { url: 'about:blank', browserContextId: id }),
          'targetId',
        );
        const sessionId = str(await root.send('Target.attachToTarget', { targetId, flatten: true }), 'sessionId');
        const session = cdp.session(sessionId);
        const page: Page = {
          targetId,
          session,
          evaluate: (expression) => evaluate(session, expression),
          async goto(to) {
            const loaded = new Promise<void>((resolve) => {
              const off = session.on('Page.loadEventFired', () => {
                off();
                resolve();
              });
            });
            await session.send('Page.enable');
            await session.send('Page.navigate', { url: to });
            await loaded;
            await session.send('Page.disable');
          },
        };
        await page.goto(url);
        return page;
      },
      async close() {
        await root.send('Target.disposeBrowserContext', { browserContextId: id }).catch(() => undefined);
      },
    };
  }

  return {
    child,
    pid: child.pid ?? 0,
    cdp,
    root,
    newContext,
    async close() {
      await root.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
