/**
 * In-process production server for integration tests: real `startServer` (SQLite file in a temp dir,
 * real HTTP on a loopback port the OS picks) with a memory logger so tests can read what was logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient, type ApiResult } from '@zkpush/shared/api-client';
import { parseConfig } from '@zkpush/api/config';
import { createMemoryLogger } from '@zkpush/api/logger';
import { startServer } from '@zkpush/api/server';

/**
 * Loopback, any free port, and rate limits far above what a test file sends: every test file talks
 * from 127.0.0.1, and limits are exercised on purpose in rate-limit.test.ts.
 */
export const BASE_ENV: Readonly<Record<string, string>> = {
  ZKPUSH_HOST: '127.0.0.1',
  ZKPUSH_PORT: '0',
  ZKPUSH_RATE_CREATE: '100000/min',
  ZKPUSH_RATE_META: '100000/min',
  ZKPUSH_RATE_REVEAL: '100000/min',
  ZKPUSH_RATE_FAILURES: '100000/min',
};

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  client: ApiClient;
  /** JSON lines the server logged so far. */
  logLines: string[];
  /** Stops the server and removes the data directory unless `keepData` (to restart on it). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'zkpush-it-')),
): Promise<TestServer> {
  const parsed = parseConfig({ ...BASE_ENV, ZKPUSH_DATA_DIR: dataDir, ...env });
  if (parsed.kind !== 'ok') throw new Error(`test config invalid: ${parsed.errors.join('; ')}`);
  const logger = createMemoryLogger('debug');
  const server = await startServer({ config: parsed.config, logger });
  return {
    url: server.url,
    port: server.port,
    dataDir,
    client: createApiClient({ baseUrl: server.url }),
    logLines: logger.lines,
    close: async (options) => {
      await server.close();
      if (!options?.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Narrows an ApiResult to its `ok` variant or fails the test with the whole result. */
export function ok<T>(result: ApiResult<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}
