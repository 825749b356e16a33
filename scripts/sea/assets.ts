/**
 * What the single executable embeds besides its code, as SEA `assets` (key → file): every file of the
 * built web app under `web/` (served by api/src/http/spa/embedded-assets.ts), including the brotli and
 * gzip copies web/scripts/precompress.ts wrote beside its text files, and better-sqlite3's prebuilt
 * addon for this platform (extracted at run time by api/src/db/native-binding.ts). The keys are the
 * constants those modules read, so a rename cannot drift silently.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { ADDON_ASSET } from '@zkpush/api/native-binding';
import { WEB_ASSET_PREFIX } from '@zkpush/api/embedded-assets';

export type Assets = Record<string, string>;

export function webAssets(webBuild: string): Assets {
  if (!existsSync(join(webBuild, 'index.html'))) {
    throw new Error(`${webBuild} has no index.html: run \`pnpm build\` first`);
  }
  const assets: Assets = {};
  for (const entry of readdirSync(webBuild, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    assets[WEB_ASSET_PREFIX + relative(webBuild, file).split(sep).join('/')] = file;
  }
  return assets;
}

/**
 * The prebuilt addon better-sqlite3 ships for this machine's platform (resolved from the api package,
 * which depends on it). Only glibc Linux is a target for now; musl/macOS/Windows prebuilds exist too.
 */
export function sqliteAddon(apiDir: string): Assets {
  const target = `${process.platform}-${process.arch}`;
  if (target !== 'linux-x64' && target !== 'linux-arm64') {
    throw new Error(`building the single executable on ${target} is not supported yet (Linux x64/arm64 only)`);
  }
  const pkg = createRequire(join(apiDir, 'package.json')).resolve('better-sqlite3/package.json');
  const file = join(dirname(pkg), 'prebuilds', `${target}.node`);
  if (!existsSync(file)) throw new Error(`better-sqlite3 has no prebuilt addon at ${file}`);
  return { [ADDON_ASSET]: file };
}
