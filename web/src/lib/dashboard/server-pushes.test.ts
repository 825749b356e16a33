import { afterEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '#lib/account/csrf.ts';
import { expireMyPush, myPushes, myPushEvents, queryString, setSessionFetch } from './server-pushes.ts';

type Sent = { url: string; init: RequestInit | undefined };

function fake(status: number, body: unknown, headers: Record<string, string> = {}): Sent[] {
  const sent: Sent[] = [];
  setSessionFetch(async (url, init) => {
    sent.push({ url, init });
    return new Response(body === null ? null : JSON.stringify(body), { status, headers });
  });
  return sent;
}

const summary = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  state: 'active',
  views: 1,
  viewsLeft: 1,
  createdAt: '2030-01-01T00:00:00.000Z',
  expiresAt: '2030-01-02T00:00:00.000Z',
  endedAt: null,
  kind: 'text',
  recipientBound: false,
};

afterEach(() => setCsrfToken(null));

describe('my links from the server, through the session', () => {
  it('lists one state, page by page, with the cookie and no owner token', async () => {
    const sent = fake(200, { pushes: [summary], nextCursor: 'c2' });
    const result = await myPushes('active', 'c1');
    expect(result).toEqual({ kind: 'ok', value: { pushes: [summary], nextCursor: 'c2' } });
    expect(sent[0]!.url).toBe('/api/v1/my/pushes?state=active&cursor=c1');
    expect(sent[0]!.init?.credentials).toBe('same-origin');
    expect(new Headers(sent[0]!.init?.headers).has('authorization')).toBe(false);
  });

  it('refuses an answer that breaks the shared schema', async () => {
    fake(200, { pushes: [{ ...summary, label: 'never from the server' }], nextCursor: null });
    expect((await myPushes('ended')).kind).toBe('bad_response');
  });

  it('keeps the error code (and a gone reason) for callers to decide by', async () => {
    fake(401, { error: { code: 'sign_in_required', message: 'sign in' } });
    expect(await myPushes('active')).toMatchObject({ kind: 'error', status: 401, code: 'sign_in_required' });
    fake(410, { error: { code: 'gone', message: 'gone', reason: 'viewed' } });
    expect(await expireMyPush('AAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ kind: 'error', reason: 'viewed' });
  });

  it('expires with the session CSRF token and reads 204 as done', async () => {
    setCsrfToken('csrf-1');
    const sent = fake(204, null);
    expect(await expireMyPush('AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ kind: 'ok', value: null });
    expect(sent[0]!.init?.method).toBe('DELETE');
    expect(new Headers(sent[0]!.init?.headers).get('x-csrf-token')).toBe('csrf-1');
  });

  it('reads the trail by session with its paging', async () => {
    const sent = fake(500, 'not json either way');
    expect((await myPushEvents('AAAAAAAAAAAAAAAAAAAAAA', { after: '5', limit: 20 })).kind).toBe('bad_response');
    expect(sent[0]!.url).toBe('/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/events?after=5&limit=20');
  });

  it('reports a network failure as such', async () => {
    setSessionFetch(() => Promise.reject(new TypeError('offline')));
    expect(await myPushes('active')).toEqual({ kind: 'network', message: 'offline' });
  });

  it('leaves out empty query values', () => {
    expect(queryString({ a: '1', b: undefined, c: '' })).toBe('?a=1');
    expect(queryString({})).toBe('');
  });
});
