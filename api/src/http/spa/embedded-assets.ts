/**
 * The built SPA embedded in the single executable: an AssetSource over Node's SEA assets
 * (`node:sea`), which scripts/build-sea.ts fills with every file of web/build under the `web/` prefix.
 * Paths and content types follow the filesystem source exactly, so `loadSpa` gives both the same
 * headers, CSP and cache rules.
 */
import * as nodeSea from 'node:sea';
import { contentTypeFor, type Asset, type AssetSource } from './static-assets.ts';

/** SEA asset key prefix of the SPA files (`web/index.html`, `web/_app/…`). */
export const WEB_ASSET_PREFIX = 'web/';

/** The part of `node:sea` this module uses; tests pass a fake. */
export interface SeaAssets {
  getAssetKeys(): string[];
  getAsset(key: string): ArrayBuffer;
}

/** True when this process is a single executable with an embedded web app. */
export function hasEmbeddedWeb(sea: SeaAssets & { isSea(): boolean } = nodeSea): boolean {
  return sea.isSea() && sea.getAssetKeys().some((key) => key === `${WEB_ASSET_PREFIX}index.html`);
}

export function createSeaAssetSource(sea: SeaAssets = nodeSea): AssetSource {
  // The key set is fixed at build time: read it once. A path outside it is never passed to getAsset.
  const paths = new Set(
    sea
      .getAssetKeys()
      .filter((key) => key.startsWith(WEB_ASSET_PREFIX))
      .map((key) => key.slice(WEB_ASSET_PREFIX.length)),
  );
  return {
    get(path): Promise<Asset | undefined> {
      if (!paths.has(path)) return Promise.resolve(undefined);
      // getAsset copies, so a handler can never write into the executable's mapped memory.
      const body = new Uint8Array(sea.getAsset(WEB_ASSET_PREFIX + path));
      return Promise.resolve({ body, contentType: contentTypeFor(path) });
    },
    list: () => Promise.resolve([...paths]),
  };
}
