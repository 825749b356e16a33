/**
 * Per-push options a creator may ask for, checked against the server's policy (docs/configuration.md):
 * a flag left out gets the server default; a flag set to something other than the default is refused
 * with a message naming it when the server does not let creators change it — never silently replaced,
 * because a creator who asked for "no viewer deletion" must not get a push that allows it. A value
 * equal to the default is always accepted, so clients may send every flag explicitly.
 */
import { fromBase64url } from '@zkpush/shared/base64url';
import type { PassphraseLock, PushFlags, PushFlagsInput } from '@zkpush/shared/schemas';
import type { Config } from '../../config/config.ts';

type Invalid = { kind: 'invalid'; message: string };

const FLAG_NAMES = ['retrievalStep', 'deletableByViewer'] as const;

export function resolveFlags(
  input: PushFlagsInput | undefined,
  policy: Config['flags'],
): { kind: 'ok'; flags: PushFlags } | Invalid {
  const flags: PushFlags = {
    retrievalStep: policy.retrievalStep.default,
    deletableByViewer: policy.deletableByViewer.default,
  };
  const refused: string[] = [];
  for (const name of FLAG_NAMES) {
    const wanted = input?.[name];
    if (wanted === undefined || wanted === flags[name]) continue;
    if (!policy[name].changeable) {
      refused.push(`flags.${name} cannot be changed on this server (it is always ${String(flags[name])})`);
      continue;
    }
    flags[name] = wanted;
  }
  return refused.length > 0 ? { kind: 'invalid', message: refused.join('; ') } : { kind: 'ok', flags };
}

type ResolvedPassphrase = { kdf: string; proofHash: Uint8Array; attempts: number } | null;

/**
 * The stored form of a passphrase lock: the KDF parameters as canonical JSON (members in a fixed order,
 * so the metadata a recipient receives is byte-for-byte what was checked here), the proof hash, and the
 * attempts allowed — the server's current maximum, fixed for this push's lifetime.
 */
export function resolvePassphrase(
  lock: PassphraseLock | undefined,
  policy: Config['passphrase'],
): { kind: 'ok'; passphrase: ResolvedPassphrase } | Invalid {
  if (lock === undefined) return { kind: 'ok', passphrase: null };
  if (!policy.allowed)
    return { kind: 'invalid', message: 'passphrase: this server does not accept passphrase-protected pushes' };
  const proofHash = fromBase64url(lock.passProofHash);
  if (proofHash === undefined)
    return { kind: 'invalid', message: 'passphrase.passProofHash must be canonical unpadded base64url' };
  const { alg, v, m, t, p, salt } = lock.kdf;
  return {
    kind: 'ok',
    passphrase: { kdf: JSON.stringify({ alg, v, m, t, p, salt }), proofHash, attempts: policy.maxAttempts },
  };
}
