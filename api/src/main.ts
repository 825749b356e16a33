/**
 * Entry point: `node api/src/main.ts`. Reads ZKPUSH_* from the environment (exit 1 naming every bad
 * variable), starts the server, and shuts down gracefully on SIGTERM/SIGINT (a second signal forces
 * exit). Logs are JSON lines on stdout.
 */
import { parseConfig } from './config/config.ts';
import { createLogger, errorFields } from './logger.ts';
import { startServer } from './server.ts';

const parsed = parseConfig(process.env);
if (parsed.kind === 'invalid') {
  for (const error of parsed.errors) console.error(`zkpush: invalid configuration: ${error}`);
  process.exit(1);
}
const { config } = parsed;
const logger = createLogger({ level: config.logLevel });
for (const warning of parsed.warnings) logger.warn('configuration', { warning });

process.on('uncaughtException', (err) => {
  logger.error('uncaught exception', errorFields(err));
  process.exit(1);
});

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer({ config, logger });
} catch (err) {
  logger.error('start-up failed', errorFields(err));
  process.exit(1);
}

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn('second signal; exiting now', { signal });
    process.exit(1);
  }
  stopping = true;
  logger.info('shutting down', { signal });
  server.close().then(
    () => {
      process.exitCode = 0;
      // Everything is closed; if some stray handle still holds the loop open, do not hang forever.
      setTimeout(() => process.exit(0), 2_000).unref();
    },
    (err: unknown) => {
      logger.error('shutdown failed', errorFields(err));
      process.exit(1);
    },
  );
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
