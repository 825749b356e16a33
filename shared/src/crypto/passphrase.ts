/**
 * The passphrase key P (docs/wire-format.md §11):
 *
 *   P = Argon2id(password = UTF-8(NFC(passphrase)), salt, m, t, p, v = 0x13, T = 32)   (RFC 9106)
 *
 * with no secret and no associated data, so libsodium-free implementations (argon2-cffi's
 * hash_secret_raw, OpenSSL 3.2's ARGON2ID, node:crypto.argon2) compute the same bytes.
 *
 * This is the only slow step of a passphrase push. It is split out so a Web Worker can run it alone:
 * the worker receives (passphrase, kdf) and returns P; sealing and opening stay on the main thread
 * (push.ts). `derivePassKey` refuses parameters outside ../wire/kdf-params.ts' bounds before spending any time.
 */
import { argon2id, argon2idAsync, type ArgonOpts } from '@noble/hashes/argon2.js';
import { checkKdfParams, KDF_CEILING, type BadKdf, type CheckedKdf, type KdfParams } from '../wire/kdf-params.ts';
import { ARGON2_VERSION, PASS_KEY_BYTES } from '../wire/wire-constants.ts';

const utf8 = new TextEncoder();

/**
 * NFC (Unicode Standard Annex #15) then UTF-8, so "é" typed as U+00E9 or as e + U+0301 (macOS input
 * methods, copy-paste from some PDFs) is the same passphrase. No trimming, no case folding: every
 * other character counts. Lone surrogates become U+FFFD, as the WHATWG TextEncoder does.
 */
export function normalizePassphrase(passphrase: string): Uint8Array {
  return utf8.encode(passphrase.normalize('NFC'));
}

export type PassKeyResult = { kind: 'ok'; passKey: Uint8Array } | BadKdf;

export type DeriveOptions = {
  /**
   * Called with the completed fraction (0..1), at most once per whole percent and finally with 1, so a
   * worker can forward every call with postMessage without flooding the page.
   */
  onProgress?: (fraction: number) => void;
  /** Longest stretch (ms) without yielding to the event loop; noble's default is 10. */
  asyncTick?: number;
};

function argonOptions(checked: CheckedKdf): ArgonOpts {
  return {
    m: checked.cost.m,
    t: checked.cost.t,
    p: checked.cost.p,
    version: ARGON2_VERSION,
    dkLen: PASS_KEY_BYTES,
    // Defence in depth next to the ceiling check: noble refuses to allocate more than this.
    maxmem: KDF_CEILING.m * 1024,
  };
}

function throttled(onProgress: (fraction: number) => void): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (percent === last) return;
    last = percent;
    onProgress(fraction >= 1 ? 1 : fraction);
  };
}

/**
 * P for a passphrase under public KDF parameters (from `newKdfParams` when creating, from the push
 * metadata when revealing). Yields to the event loop while it runs; `bad_kdf` comes back at once,
 * before any memory is allocated. The worker half of the split (see the module comment).
 */
export async function derivePassKey(
  passphrase: string,
  kdf: KdfParams,
  options: DeriveOptions = {},
): Promise<PassKeyResult> {
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') return checked;
  const password = normalizePassphrase(passphrase);
  try {
    const passKey = await argon2idAsync(password, checked.salt, {
      ...argonOptions(checked),
      ...(options.asyncTick === undefined ? {} : { asyncTick: options.asyncTick }),
      ...(options.onProgress ? { onProgress: throttled(options.onProgress) } : {}),
    });
    return { kind: 'ok', passKey };
  } finally {
    password.fill(0);
  }
}

/** Blocking form of derivePassKey for CLIs, scripts and tests; never call it on a page's main thread. */
export function derivePassKeySync(passphrase: string, kdf: KdfParams): PassKeyResult {
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') return checked;
  const password = normalizePassphrase(passphrase);
  try {
    return { kind: 'ok', passKey: argon2id(password, checked.salt, argonOptions(checked)) };
  } finally {
    password.fill(0);
  }
}
