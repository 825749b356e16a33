import { afterEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '#lib/account/csrf.ts';
import { setSessionFetch } from '#lib/dashboard/server-pushes.ts';
import { expireTeamPush, teamPushes, teamPushEvents, teamStats } from './team-client.ts';

function fake(status: number, body: unknown): string[] {
  const sent: string[] = [];
  setSessionFetch(async (url, init) => {
    sent.push(`${init?.method ?? 'GET'} ${url} ${new Headers(init?.headers).get('x-csrf-token') ?? '-'}`);
    return new Response(body === null ? null : JSON.stringify(body), { status });
  });
  return sent;
}

afterEach(() => setCsrfToken(null));

describe('the team view calls', () => {
  it('filters by creator (trimmed) and state; "all" sends no state', async () => {
    const sent = fake(200, { pushes: [], nextCursor: null });
    await teamPushes({ creator: ' alice@example.com ', state: 'ended' }, 'c');
    await teamPushes({ creator: '', state: 'all' });
    expect(sent).toEqual([
      'GET /api/v1/admin/pushes?creator=alice%40example.com&state=ended&cursor=c -',
      'GET /api/v1/admin/pushes -',
    ]);
  });

  it("explains a member's refusal by its code", async () => {
    fake(403, { error: { code: 'forbidden_by_policy', message: 'only an admin' } });
    expect(await teamStats()).toMatchObject({ kind: 'error', status: 403, code: 'forbidden_by_policy' });
  });

  it('reads statistics through the shared schema', async () => {
    const stats = {
      days: [{ day: '2030-01-01', created: 1, opened: 0, expired: 0 }],
      storage: { envelopeBytes: 10, fileBytes: 0 },
      failedAttempts: 2,
    };
    fake(200, stats);
    expect(await teamStats()).toEqual({ kind: 'ok', value: stats });
    fake(200, { ...stats, failedAttempts: 'two' });
    expect((await teamStats()).kind).toBe('bad_response');
  });

  it('reads any trail and expires any push, the latter with the CSRF token', async () => {
    setCsrfToken('t');
    const sent = fake(204, null);
    await expireTeamPush('AAAAAAAAAAAAAAAAAAAAAA');
    fake(404, { error: { code: 'not_found', message: 'no' } });
    expect(await teamPushEvents('AAAAAAAAAAAAAAAAAAAAAA', { limit: 20 })).toMatchObject({ code: 'not_found' });
    expect(sent).toEqual(['DELETE /api/v1/admin/pushes/AAAAAAAAAAAAAAAAAAAAAA t']);
  });
});
