import { describe, expect, test } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, GONE_REASONS } from '@zkpush/shared/errors';
import { EXIT, failureFromApi, goneMessage, type ApiFailure } from './exit-codes.ts';

const SERVER = 'https://push.example';
const apiError = (code: (typeof ERROR_CODES)[number], extra: Partial<ApiFailure> = {}): ApiFailure => ({
  kind: 'error',
  status: ERROR_STATUS[code],
  code,
  message: `server says ${code}`,
  ...extra,
});

describe('exit codes', () => {
  test('are distinct and match docs/cli.md', () => {
    expect(EXIT).toEqual({
      ok: 0,
      other: 1,
      usage: 2,
      notFound: 3,
      gone: 4,
      badKey: 5,
      wrongPassphrase: 6,
      network: 7,
      server: 8,
      rateLimited: 9,
      unauthorized: 10,
      notReady: 11,
      signInRequired: 12,
      interrupted: 130,
    });
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });
});

describe('failureFromApi', () => {
  test.each([
    ['not_found', EXIT.notFound],
    ['gone', EXIT.gone],
    ['wrong_key', EXIT.badKey],
    ['wrong_passphrase', EXIT.wrongPassphrase],
    ['rate_limited', EXIT.rateLimited],
    ['unauthorized', EXIT.unauthorized],
    ['forbidden', EXIT.unauthorized],
    ['invalid_request', EXIT.usage],
    ['payload_too_large', EXIT.usage],
    ['misdirected_request', EXIT.usage],
    ['internal_error', EXIT.server],
    ['service_unavailable', EXIT.server],
    ['method_not_allowed', EXIT.server],
    ['unsupported_media_type', EXIT.server],
    ['not_ready', EXIT.notReady],
    ['insufficient_storage', EXIT.server],
    ['storage_full', EXIT.server],
    ['upload_incomplete', EXIT.server],
    ['upload_finalized', EXIT.server],
    ['range_not_satisfiable', EXIT.server],
    ['sign_in_required', EXIT.signInRequired],
    ['token_invalid', EXIT.signInRequired],
    ['forbidden_by_policy', EXIT.signInRequired],
    ['recipient_mismatch', EXIT.signInRequired],
    ['csrf_failed', EXIT.usage],
    ['identity_header_refused', EXIT.usage],
    ['oidc_callback_invalid', EXIT.usage],
    ['sign_in_unavailable', EXIT.server],
  ] as const)('%s → exit %i', (code, exit) => {
    expect(failureFromApi(apiError(code), SERVER).exit).toBe(exit);
  });

  test('every error code is mapped', () => {
    for (const code of ERROR_CODES) expect(failureFromApi(apiError(code), SERVER).message.length).toBeGreaterThan(0);
  });

  test('network and bad responses name the server', () => {
    expect(failureFromApi({ kind: 'network', message: 'connection refused' }, SERVER)).toEqual({
      exit: EXIT.network,
      message: 'cannot reach https://push.example: connection refused',
    });
    expect(failureFromApi({ kind: 'bad_response', status: 200, message: 'bad' }, SERVER)).toEqual({
      exit: EXIT.server,
      message: expect.stringContaining('unexpected response from https://push.example (HTTP 200)'),
    });
  });

  test('not found, each gone reason, wrong key and network read differently', () => {
    const messages = [
      failureFromApi(apiError('not_found'), SERVER).message,
      ...GONE_REASONS.map((reason) => failureFromApi(apiError('gone', { reason }), SERVER).message),
      failureFromApi(apiError('gone'), SERVER).message,
      failureFromApi(apiError('wrong_key'), SERVER).message,
      failureFromApi({ kind: 'network', message: 'x' }, SERVER).message,
    ];
    expect(new Set(messages).size).toBe(messages.length);
    expect(goneMessage('viewed')).toMatch(/^already viewed/);
    expect(goneMessage('expired')).toMatch(/^expired/);
  });

  test('rate limiting tells how long to wait', () => {
    expect(failureFromApi(apiError('rate_limited', { retryAfter: 30 }), SERVER).message).toContain('wait 30 seconds');
    expect(failureFromApi(apiError('rate_limited'), SERVER).message).toContain('wait a minute');
    const cap = apiError('rate_limited', {
      retryAfter: 600,
      message: 'uploads from your address already hold 5 bytes',
    });
    expect(failureFromApi(cap, SERVER).message).toContain('(uploads from your address already hold 5 bytes)');
  });
});
