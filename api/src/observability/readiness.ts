/**
 * GET /readyz's checks (docs/api.md "Probes"): the database answers a trivial query, this build's
 * migrations have all been applied, and the data directory's file system keeps ZKPUSH_DISK_RESERVE
 * free (the same reserve new pushes are refused by: domain/storage-room.ts). Once shutdown begins the
 * server is `draining`, so a load balancer stops sending it new work while in-flight requests finish.
 *
 * Each check is bounded by a timeout: a database that hangs must make the probe fail, not hang it.
 */
export type CheckName = 'database' | 'migrations' | 'disk';
export type CheckOutcome = 'ok' | 'failed';

export type ReadinessReport = Readonly<{
  ready: boolean;
  draining: boolean;
  checks: Readonly<Record<CheckName, CheckOutcome>>;
}>;

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** From now on every report is not ready (shutdown has begun). */
  drain(): void;
}

export interface ReadinessDeps {
  /** Resolves when the database answers (db/db-status.ts pingDatabase). */
  ping: () => Promise<void>;
  /** This build's migrations not yet applied (db/db-status.ts pendingMigrations). */
  pendingMigrations: () => Promise<readonly string[]>;
  /** Free bytes where blobs and the database live (BlobStore.freeBytes, statfs). */
  freeBytes: () => Promise<number>;
  diskReserveBytes: number;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

/** True when `probe` resolves to true within `ms`; false on false, rejection or timeout. */
async function within(ms: number, probe: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([probe().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createReadiness(deps: ReadinessDeps): Readiness {
  const ms = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let draining = false;
  // A schema once current stays current for this process: after that, no migration query per probe.
  let migrated = false;
  const outcome = (ok: boolean): CheckOutcome => (ok ? 'ok' : 'failed');

  return {
    async check() {
      const [database, migrations, disk] = await Promise.all([
        within(ms, async () => {
          await deps.ping();
          return true;
        }),
        within(ms, async () => (migrated ||= (await deps.pendingMigrations()).length === 0)),
        within(ms, async () => (await deps.freeBytes()) >= deps.diskReserveBytes),
      ]);
      const checks = { database: outcome(database), migrations: outcome(migrations), disk: outcome(disk) };
      return { ready: !draining && database && migrations && disk, draining, checks };
    },
    drain() {
      draining = true;
    },
  };
}
