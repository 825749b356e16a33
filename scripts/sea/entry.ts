/**
 * Entry point of the single executable (bundled by scripts/build-sea.ts): the same CLI that
 * cli/bin/zkpush.js starts, so `zkpush push|open|meta|delete|events|serve` behave identically. `serve` notices
 * it runs inside the executable (node:sea) and uses the embedded web app and SQLite addon.
 */
import { runCli } from 'zkpush/main';

process.exitCode = await runCli();
