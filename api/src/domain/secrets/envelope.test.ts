import { expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { ENVELOPE_OVERHEAD, WIRE_VERSION } from '@zkpush/shared/wire-constants';
import { decodeEnvelope } from './envelope.ts';

const envelope = (size: number, version = WIRE_VERSION) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes[0] = version;
  return toBase64url(bytes);
};

test('accepts a minimal v1 envelope and returns its bytes', () => {
  const result = decodeEnvelope(envelope(ENVELOPE_OVERHEAD), 1024);
  expect(result.kind).toBe('ok');
  if (result.kind === 'ok') expect(result.bytes).toHaveLength(ENVELOPE_OVERHEAD);
});

test('size is judged before decoding: even garbage over the limit is too_large', () => {
  expect(decodeEnvelope('!'.repeat(2000), 1024).kind).toBe('too_large');
  expect(decodeEnvelope(envelope(1025), 1024)).toEqual({
    kind: 'too_large',
    message: 'envelope is 1025 bytes; this server accepts at most 1024',
  });
});

test.each([
  ['non-canonical trailing bits', envelope(100).slice(0, -1) + 'B', /canonical/],
  ['impossible length', 'A'.repeat(61), /canonical/],
  ['standard alphabet', envelope(60).replace(/.$/, '+'), /canonical/],
  ['too short', envelope(ENVELOPE_OVERHEAD - 1), /at least 41 bytes/],
  ['unknown version', envelope(64, 2), /version 2 is not supported/],
])('rejects %s', (_name, text, message) => {
  const result = decodeEnvelope(text, 1024);
  expect(result.kind).toBe('invalid');
  if (result.kind === 'invalid') expect(result.message).toMatch(message);
});
