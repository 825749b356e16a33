/**
 * Several zkpush instances on one scratch PostgreSQL database, behind one Caddy that load-balances
 * across them — the multi-instance recipe of docs/self-hosting.md ("PostgreSQL and several instances"),
 * on loopback. Each instance is `node api/src/main.ts` (tests/support/server-process.ts) with
 * ZKPUSH_DATABASE_URL and one SHARED ZKPUSH_DATA_DIR (file chunks are files there); Caddy runs
 * `reverse_proxy` with every upstream, `lb_policy round_robin` and active health checks on `/readyz`,
 * and names the upstream that answered in an `X-Zkpush-Upstream` response header, so a test can tell
 * which instance served a request. Every process goes through zkpush/testing/spawn and is ended by pid.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { endChild, spawnChild } from 'zkpush/testing/spawn';
import { freePort, startServerProcess, type ServerProcess } from './server-process.ts';

export const CADDY = '/usr/bin/caddy';
export const POSTGRES_URL = process.env['ZKPUSH_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const UPSTREAM_HEADER = 'x-zkpush-upstream';

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Why the cluster cannot run here (missing caddy, PostgreSQL not answering), or undefined. */
export async function clusterUnavailable(): Promise<string | undefined> {
  if (!existsSync(CADDY)) return `${CADDY} is missing (Debian's caddy package)`;
  try {
    await adminQuery('select 1');
  } catch (error) {
    return `PostgreSQL is not reachable at ${new URL(POSTGRES_URL).host} (${String(error)})`;
  }
  return undefined;
}

export interface Cluster {
  /** Caddy's origin: what clients talk to. */
  readonly origin: string;
  /** The instances, by index; an entry is replaced when `restart` brings one back. */
  readonly instances: ServerProcess[];
  /** `127.0.0.1:<port>` of each instance, as Caddy names it in X-Zkpush-Upstream. */
  readonly upstreams: readonly string[];
  /** SIGKILL instance `i` by pid and wait until it has exited. */
  kill(i: number): Promise<void>;
  /** Start instance `i` again on its port and wait until Caddy routes to it again. */
  restart(i: number): Promise<void>;
  /** Waits until a request through Caddy has reached each of `upstreams` (its health checks passed). */
  waitUntilRouted(upstreams: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(size: number, env: Record<string, string>): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'zkpush-multi-'));
  const database = `zkpush_multi_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${database}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const blobs = join(dir, 'shared');
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const upstreams = ports.map((p) => `127.0.0.1:${p}`);
  const instances: ServerProcess[] = [];
  let caddy: ChildProcess | undefined;

  const start = (i: number, outlivesTest: boolean): Promise<ServerProcess> =>
    startServerProcess({
      port: ports[i]!,
      readyPath: '/readyz',
      outlivesTest,
      maxLogLines: 500,
      env: { ...env, ZKPUSH_DATABASE_URL: url.toString(), ZKPUSH_DATA_DIR: blobs, ZKPUSH_LOG_LEVEL: 'warn' },
    });

  const stop = async (): Promise<void> => {
    if (caddy !== undefined) await endChild(caddy);
    for (const instance of instances) await instance.stop();
    await adminQuery(`drop database if exists ${database} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  };

  const waitUntilRouted = async (wanted: readonly string[]): Promise<void> => {
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (!wanted.every((u) => seen.has(u))) {
      if (Date.now() > deadline)
        throw new Error(`Caddy never routed to ${wanted.join(', ')}; saw ${[...seen].join(', ')}`);
      try {
        const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        const upstream = res.headers.get(UPSTREAM_HEADER);
        if (res.ok && upstream !== null) seen.add(upstream);
      } catch {
        // Caddy not listening yet.
      }
      // Round robin moves on with every request; a short pause keeps this from spinning on a busy machine.
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /**
   * Waits until Caddy has taken `gone` out: a run of answers through Caddy, twice as many as there are
   * instances, none from it (a refused connection is tried on the next upstream and marks it failed).
   */
  const waitUntilAvoided = async (gone: string): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (let run = 0; run < 2 * size;) {
      if (Date.now() > deadline) throw new Error(`Caddy kept routing to ${gone}`);
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(15_000) }).catch(() => undefined);
      await res?.arrayBuffer();
      const upstream = res?.headers.get(UPSTREAM_HEADER);
      run = res?.ok === true && upstream !== gone ? run + 1 : 0;
    }
  };

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  try {
    // Instances started together: the migrations' advisory lock lets one migrate, the others wait.
    instances.push(...(await Promise.all(ports.map((_, i) => start(i, false)))));
    const caddyfile = join(dir, 'Caddyfile');
    writeFileSync(
      caddyfile,
      [
        '{',
        '\tadmin off',
        '\tauto_https off',
        `\tstorage file_system ${join(dir, 'caddy')}`,
        '}',
        `http://127.0.0.1:${port} {`,
        '\tbind 127.0.0.1',
        `\treverse_proxy ${upstreams.join(' ')} {`,
        '\t\tlb_policy round_robin',
        // A refused connection (a killed instance) is tried on the next upstream for up to 10 s.
        '\t\tlb_try_duration 10s',
        '\t\thealth_uri /readyz',
        '\t\thealth_interval 1s',
        '\t\thealth_timeout 2s',
        // Passive checks too: one failed request takes an upstream out at once, not at the next probe.
        '\t\tfail_duration 2s',
        '\t\tmax_fails 1',
        `\t\theader_down ${UPSTREAM_HEADER} {http.reverse_proxy.upstream.hostport}`,
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    caddy = spawnChild(CADDY, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    await waitUntilRouted(upstreams);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    origin,
    instances,
    upstreams,
    waitUntilRouted,
    stop,
    kill: async (i) => {
      const instance = instances[i]!;
      const exited = new Promise((resolve) => {
        if (instance.child.exitCode !== null || instance.child.signalCode !== null) resolve(undefined);
        else instance.child.once('exit', resolve);
      });
      process.kill(instance.child.pid!, 'SIGKILL');
      await exited;
      await instance.stop();
      await waitUntilAvoided(upstreams[i]!);
    },
    restart: async (i) => {
      instances[i] = await start(i, true);
      await waitUntilRouted([upstreams[i]!]);
    },
  };
}
