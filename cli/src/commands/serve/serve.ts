/**
 * `zkpush serve`: the zkpush server — API and web app on one port — from the CLI and from the single
 * executable. Each flag stands for a ZKPUSH_* variable (options.ts) and wins over the
 * environment; validation is the server's own `parseConfig`, and the server is the same `startServer`
 * that `node api/src/main.ts` runs. In the single executable the web app and better-sqlite3's addon
 * come from the embedded assets unless ZKPUSH_WEB_DIR/--web-dir points elsewhere; the npm package's
 * bundle serves the web app it ships (its `dist/web`) unless one of those is set.
 *
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish (bounded by the server's grace
 * period), stop the sweeper, close the database, exit 0. A second signal exits 1 at once.
 */
import { parseConfig } from '@zkpush/api/config';
import { embeddedNativeBinding } from '@zkpush/api/native-binding';
import { createSeaAssetSource, hasEmbeddedWeb } from '@zkpush/api/embedded-assets';
import type { AssetSource } from '@zkpush/api/static-assets';
import { createLogger, errorFields, type Logger } from '@zkpush/api/logger';
import { startServer, type RunningServer, type StartServerOptions } from '@zkpush/api/server';
import { defineCommand, type CommandArgs } from '../../args/define-command.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT } from '../../runtime/exit-codes.ts';
import { SERVE_HELP, serveMessages } from './messages.ts';
import { flagName, flagsToEnv, SERVE_ARGS, SERVE_OPTIONS } from './options.ts';

type SignalName = 'SIGTERM' | 'SIGINT';
type SignalHandler = (signal: NodeJS.Signals) => void;

/** What an installed copy of zkpush ships beside its code; empty in the workspace and the executable. */
export interface Installation {
  /** The built web app: the npm package's `dist/web` (scripts/npm/entry.ts passes it). */
  readonly webDir?: string | undefined;
}

/** Everything `serve` touches beyond its Context; tests replace it. */
export interface ServeDeps {
  startServer(options: StartServerOptions): Promise<RunningServer>;
  signals: {
    on(signal: SignalName, handler: SignalHandler): unknown;
    off(signal: SignalName, handler: SignalHandler): unknown;
  };
  /** Ends the process now: a second signal, or a stray handle keeping it alive after shutdown. */
  exit(code: number): void;
  /** The single executable's embedded web app and addon path; both undefined outside it. */
  embedded: { assets(): AssetSource | undefined; nativeBinding(dataDir: string): string | undefined };
  /** The web directory to serve when neither ZKPUSH_WEB_DIR nor --web-dir is set (the npm package's). */
  installedWebDir?: string | undefined;
  /** Called once the server listens (tests use it to learn the URL). */
  onReady?(server: RunningServer): void;
}

/** How long the process may linger after a clean shutdown before it is ended anyway. */
const EXIT_LINGER_MS = 2_000;
const SIGNALS: readonly SignalName[] = ['SIGTERM', 'SIGINT'];

export function systemServeDeps(installation: Installation = {}): ServeDeps {
  return {
    installedWebDir: installation.webDir,
    startServer,
    signals: process,
    exit: (code) => process.exit(code),
    embedded: {
      assets: () => (hasEmbeddedWeb() ? createSeaAssetSource() : undefined),
      nativeBinding: embeddedNativeBinding,
    },
  };
}

export const runServe = defineCommand({
  name: 'serve',
  options: SERVE_ARGS,
  help: SERVE_HELP,
  positionals: 0,
  run: serve,
});

async function serve(
  args: CommandArgs<typeof SERVE_ARGS>,
  ctx: Context,
  deps: ServeDeps = systemServeDeps(),
): Promise<number> {
  const values: Readonly<Record<string, unknown>> = args.values;
  const fromFlags = flagsToEnv(values);
  const env = { ...ctx.env, ...fromFlags };
  const webDirSet = (env['ZKPUSH_WEB_DIR'] ?? '').trim() !== '';
  // The installed web app is a default like the others: the variable and the flag still win.
  if (!webDirSet && deps.installedWebDir !== undefined) env['ZKPUSH_WEB_DIR'] = deps.installedWebDir;
  const result = parseConfig(env, { cwd: ctx.cwd });
  if (result.kind === 'invalid') {
    for (const error of result.errors) {
      ctx.stderr.write(serveMessages.invalidConfiguration(nameFlags(error, fromFlags)));
    }
    return EXIT.usage;
  }
  const { config } = result;
  const logger = createLogger({ level: config.logLevel, write: (line) => ctx.stdout.write(line) });
  for (const warning of result.warnings) logger.warn(warning);

  let server: RunningServer;
  try {
    const assets = webDirSet ? undefined : deps.embedded.assets();
    if (assets !== undefined) logger.info('serving the web app embedded in this executable');
    const nativeBinding = deps.embedded.nativeBinding(config.dataDir);
    server = await deps.startServer({ config, logger, assets, nativeBinding });
  } catch (err) {
    logger.error('start-up failed', errorFields(err));
    return EXIT.other;
  }
  deps.onReady?.(server);
  const code = await untilStopped(server, deps, logger);
  // Everything is closed; a stray handle must not keep a stopped server's process alive.
  setTimeout(() => deps.exit(code), EXIT_LINGER_MS).unref();
  return code;
}

function untilStopped(server: RunningServer, deps: ServeDeps, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const done = (code: number): void => {
      for (const signal of SIGNALS) deps.signals.off(signal, onSignal);
      resolve(code);
    };
    function onSignal(signal: NodeJS.Signals): void {
      if (stopping) {
        logger.warn('second signal; exiting now', { signal });
        deps.exit(EXIT.other);
        return;
      }
      stopping = true;
      logger.info('shutting down', { signal });
      server.close().then(
        () => done(EXIT.ok),
        (err: unknown) => {
          logger.error('shutdown failed', errorFields(err));
          done(EXIT.other);
        },
      );
    }
    for (const signal of SIGNALS) deps.signals.on(signal, onSignal);
  });
}

/** "ZKPUSH_PORT must be …" → "--port (ZKPUSH_PORT) must be …" for the variables set by a flag. */
function nameFlags(message: string, fromFlags: Readonly<Record<string, string>>): string {
  let text = message;
  for (const option of SERVE_OPTIONS) {
    if (!Object.hasOwn(fromFlags, option.env)) continue;
    text = text.replaceAll(
      new RegExp(`\\b${option.env}\\b`, 'g'),
      serveMessages.flagAndVariable(flagName(option.env), option.env),
    );
  }
  return text;
}
