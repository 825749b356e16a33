/**
 * What `zkpush serve` says on the command line: its help (the option lines come from the settings
 * table, options.ts) and its configuration errors, in one place to be translated later. The server's
 * log lines are not here: they are JSON for operators and their tools.
 */
import { optionsHelp } from './options.ts';

export const SERVE_HELP = `Usage: zkpush serve [options]

Runs the zkpush server: the API and the web app on one port, the data in one SQLite file.
Every option can also be set with the environment variable named under it; a flag wins over
the environment. Logs are JSON lines on stdout. SIGTERM or SIGINT stops the server gracefully
(in-flight requests finish, the database is closed); a second signal exits at once.

${optionsHelp()}

  -h, --help  show this help

Durations: 90s, 30m, 24h, 7d, 2w, 1h30m or plain seconds. Rates: N/sec, N/min or N/hour.
Details: docs/configuration.md and docs/self-hosting.md.

Example:
  zkpush serve --data-dir /var/lib/zkpush --public-url https://push.example.com
`;

export const serveMessages = {
  invalidConfiguration: (message: string): string => `zkpush serve: invalid configuration: ${message}\n`,
  /** How a variable set by a flag is named in a configuration error: "--port (ZKPUSH_PORT)". */
  flagAndVariable: (flag: string, env: string): string => `--${flag} (${env})`,
} as const;
