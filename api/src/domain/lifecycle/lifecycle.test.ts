import { describe, expect, test } from 'vitest';
import type { SecretRecord } from '../../db/schema.ts';
import { statusOf } from './lifecycle.ts';

const record = (over: Partial<SecretRecord> = {}): SecretRecord => ({
  id: 'x',
  key_proof_hash: new Uint8Array(32),
  owner_token_hash: new Uint8Array(32),
  views: 1,
  views_left: 1,
  created_at: 0,
  expires_at: 1000,
  state: 'active',
  ended_at: null,
  retrieval_step: 1,
  deletable_by_viewer: 1,
  pass_kdf: null,
  pass_proof_hash: null,
  pass_attempts_left: null,
  event_count: 0,
  failed_key_count: 0,
  creator_user_id: null,
  recipient: null,
  ...over,
});

describe('statusOf', () => {
  test('unknown ids are not_found', () => {
    expect(statusOf(undefined, 0, 100)).toEqual({ kind: 'not_found' });
  });

  test('active strictly before expires_at, expired from it on (even if not swept)', () => {
    expect(statusOf(record(), 999, 100).kind).toBe('active');
    expect(statusOf(record(), 1000, 100)).toEqual({ kind: 'gone', reason: 'expired' });
  });

  test('retention of an unswept expired row counts from expires_at', () => {
    expect(statusOf(record(), 1099, 100)).toEqual({ kind: 'gone', reason: 'expired' });
    expect(statusOf(record(), 1100, 100)).toEqual({ kind: 'not_found' });
  });

  test.each(['viewed', 'expired', 'deleted', 'locked'] as const)(
    '%s tombstones are gone until ended_at + retention',
    (state) => {
      const ended = record({ state, ended_at: 500, views_left: 0 });
      expect(statusOf(ended, 599, 100)).toEqual({ kind: 'gone', reason: state });
      expect(statusOf(ended, 600, 100)).toEqual({ kind: 'not_found' });
    },
  );
});
