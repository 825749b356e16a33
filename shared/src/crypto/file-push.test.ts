import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { filePlans, sealFiles } from './file-push.ts';
import { newKdfParams } from '../wire/kdf-params.ts';
import { EnvelopeTooLargeError, openPush } from './push.ts';
import { randomBytes } from './crypto.ts';

const files = [
  { name: 'a.txt', type: 'text/plain', size: 10 },
  { name: 'b.bin', type: '', size: 3 * 1024 * 1024 },
];

describe('sealFiles', () => {
  it('seals the manifest as the envelope and declares only padded sizes', () => {
    const sealed = sealFiles(files, { message: 'hi' });
    expect(sealed.request.files).toEqual([{ paddedSize: 512 }, { paddedSize: 3 * 1024 * 1024 }]);
    expect(JSON.stringify(sealed.request)).not.toContain('a.txt');
    const opened = openPush(sealed.linkKey, sealed.request.envelope);
    if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error('cannot open');
    expect(opened.payload.message).toBe('hi');
    expect(opened.payload.files.map((f) => [f.name, f.type, f.size])).toEqual(
      files.map((f) => [f.name, f.type, f.size]),
    );
    // The recipient derives exactly the sender's stream keys.
    const theirs = filePlans(sealed.linkKey, undefined, opened.payload);
    expect(theirs.map((p) => bytesToHex(p.keys.fileKey))).toEqual(sealed.plans.map((p) => bytesToHex(p.keys.fileKey)));
    expect(new Set(sealed.plans.map((p) => bytesToHex(p.keys.fileKey))).size).toBe(2);
  });

  it('binds files to the passphrase: keys from K ‖ P, and the lock goes to the server', () => {
    const passKey = randomBytes(32);
    const kdf = newKdfParams();
    const sealed = sealFiles(files, { passphrase: { passKey, kdf } });
    expect(sealed.request.passphrase?.kdf).toEqual(kdf);
    expect(openPush(sealed.linkKey, sealed.request.envelope).kind).toBe('wrong_key');
    const opened = openPush(sealed.linkKey, sealed.request.envelope, passKey);
    if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error('cannot open');
    const withoutP = filePlans(sealed.linkKey, undefined, opened.payload);
    expect(bytesToHex(withoutP[0]!.keys.fileKey)).not.toBe(bytesToHex(sealed.plans[0]!.keys.fileKey));
  });

  it('refuses an empty list and a manifest over the envelope limit', () => {
    expect(() => sealFiles([])).toThrow(RangeError);
    const many = Array.from({ length: 50 }, (_, i) => ({ name: `${'n'.repeat(900)}${i}`, type: '', size: 1 }));
    expect(() => sealFiles(many, { maxEnvelopeBytes: 4096 })).toThrow(EnvelopeTooLargeError);
  });
});
