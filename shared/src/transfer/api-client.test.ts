import { describe, expect, it } from 'vitest';
import { createApiClient, type FetchLike } from './api-client.ts';
import type { EventsPage, ServerConfig } from '../wire/schemas.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'B'.repeat(43);
const PROOF = 'C'.repeat(43);
const AT = '2026-11-22T14:05:00.000Z';

type Sent = { url: string; method: string; headers: Headers; body: string | null; init: RequestInit };

/** A fetch that records each request and answers with the next canned response. */
function fakeFetch(...answers: (() => Response)[]): FetchLike & { sent: Sent[] } {
  const sent: Sent[] = [];
  const f = async (input: string, init: RequestInit = {}): Promise<Response> => {
    sent.push({
      url: input,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : null,
      init,
    });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    return next();
  };
  return Object.assign(f, { sent });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): (() => Response) => {
  return () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
};
const empty = (status: number): (() => Response) => {
  return () => new Response(null, { status });
};

const page: EventsPage = {
  id: ID,
  state: 'active',
  views: 2,
  viewsLeft: 1,
  createdAt: AT,
  expiresAt: AT,
  events: [
    { seq: 1, type: 'created', at: AT, ip: '127.0.0.0', userAgent: 'UA', referrer: null },
    { seq: 2, type: 'viewed', at: AT, ip: null, userAgent: null, referrer: null },
  ],
  nextCursor: '2',
};

const config: ServerConfig = {
  apiVersion: 1,
  views: { min: 1, max: 100, default: 1 },
  expiresIn: { min: 300, max: 2_592_000, default: 86_400 },
  maxEnvelopeBytes: 65_536,
  flags: {
    retrievalStep: { default: true, changeable: true },
    deletableByViewer: { default: true, changeable: false },
  },
  passphrase: { allowed: true, maxAttempts: 5 },
  audit: { ipLogging: 'truncated', retentionSeconds: 7_776_000, maxEventsPerPush: 1000 },
  files: {
    allowed: true,
    maxFiles: 10,
    maxFileBytes: 4 * 2 ** 30,
    maxPushBytes: 16 * 2 ** 30,
    chunkBytes: 1_048_576,
    downloadWindowSeconds: 3600,
    uploadIdleSeconds: 3600,
  },
  brand: {
    name: 'zkpush',
    tagline: null,
    disclaimer: null,
    logo: null,
    links: { imprint: null, privacy: null, support: null },
  },
  instance: { create: true, dashboard: true },
};

describe('createApiClient', () => {
  it('joins the base URL and sends requests without credentials, referrer or caching', async () => {
    const f = fakeFetch(json(200, config));
    const api = createApiClient({ baseUrl: 'https://zk.example/', fetch: f });
    expect(await api.config()).toEqual({ kind: 'ok', value: config });
    const sent = f.sent[0]!;
    expect(sent.url).toBe('https://zk.example/api/v1/config');
    expect(sent.init).toMatchObject({ referrerPolicy: 'no-referrer', cache: 'no-store', credentials: 'omit' });
  });

  it('burn POSTs the key proof and reads 204 as success', async () => {
    const f = fakeFetch(empty(204));
    const api = createApiClient({ fetch: f });
    expect(await api.burn(ID, { keyProof: PROOF })).toEqual({ kind: 'ok', value: null });
    const sent = f.sent[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(`/api/v1/secrets/${ID}/burn`);
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(sent.body ?? '')).toEqual({ keyProof: PROOF });
    expect(sent.headers.get('authorization')).toBeNull();
  });

  it('burn reports gone with its reason', async () => {
    const f = fakeFetch(json(410, { error: { code: 'gone', message: 'viewed', reason: 'viewed' } }));
    expect(await createApiClient({ fetch: f }).burn(ID, { keyProof: PROOF })).toEqual({
      kind: 'error',
      status: 410,
      code: 'gone',
      message: 'viewed',
      reason: 'viewed',
    });
  });

  it('events GETs with the owner token as a Bearer credential and validates the page', async () => {
    const f = fakeFetch(json(200, page), json(200, { ...page, nextCursor: null }));
    const api = createApiClient({ fetch: f });
    expect(await api.events(ID, TOKEN)).toEqual({ kind: 'ok', value: page });
    expect(await api.events(ID, TOKEN, { after: '2', limit: 50 })).toMatchObject({
      kind: 'ok',
      value: { nextCursor: null },
    });
    expect(f.sent.map((s) => [s.method, s.url])).toEqual([
      ['GET', `/api/v1/secrets/${ID}/events`],
      ['GET', `/api/v1/secrets/${ID}/events?after=2&limit=50`],
    ]);
    for (const s of f.sent) expect(s.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('events escapes the cursor and the id', async () => {
    const f = fakeFetch(json(200, page));
    await createApiClient({ fetch: f }).events('a/b', TOKEN, { after: 'x&y=1' });
    expect(f.sent[0]!.url).toBe('/api/v1/secrets/a%2Fb/events?after=x%26y%3D1');
  });

  it('events refuses a page that does not match the schema', async () => {
    const f = fakeFetch(json(200, { ...page, state: 'exploded' }));
    const out = await createApiClient({ fetch: f }).events(ID, TOKEN);
    expect(out.kind).toBe('bad_response');
  });

  it('events reports a refused owner token by code', async () => {
    const f = fakeFetch(
      json(401, { error: { code: 'unauthorized', message: 'missing token' } }),
      json(403, { error: { code: 'forbidden', message: 'wrong token' } }),
    );
    const api = createApiClient({ fetch: f });
    expect(await api.events(ID, '')).toMatchObject({ kind: 'error', status: 401, code: 'unauthorized' });
    expect(await api.events(ID, TOKEN)).toMatchObject({ kind: 'error', status: 403, code: 'forbidden' });
  });

  it('surfaces attemptsLeft with wrong_passphrase', async () => {
    const f = fakeFetch(json(403, { error: { code: 'wrong_passphrase', message: 'wrong', attemptsLeft: 3 } }));
    expect(await createApiClient({ fetch: f }).reveal(ID, { keyProof: PROOF, passProof: PROOF })).toEqual({
      kind: 'error',
      status: 403,
      code: 'wrong_passphrase',
      message: 'wrong',
      attemptsLeft: 3,
    });
    expect(JSON.parse(f.sent[0]!.body ?? '')).toEqual({ keyProof: PROOF, passProof: PROOF });
  });

  it('keeps attemptsLeft = 0 and reports locked pushes as gone', async () => {
    const f = fakeFetch(
      json(403, { error: { code: 'wrong_passphrase', message: 'last', attemptsLeft: 0 } }),
      json(410, { error: { code: 'gone', message: 'locked', reason: 'locked' } }),
    );
    const api = createApiClient({ fetch: f });
    expect(await api.reveal(ID, { keyProof: PROOF })).toMatchObject({ attemptsLeft: 0 });
    expect(await api.reveal(ID, { keyProof: PROOF })).toMatchObject({ code: 'gone', reason: 'locked' });
  });

  it('surfaces which limit a 429 hit, with Retry-After', async () => {
    const body = { error: { code: 'rate_limited', message: 'held', limit: 'pending_uploads' } };
    const f = fakeFetch(json(429, body, { 'retry-after': '600' }));
    expect(await createApiClient({ fetch: f }).meta(ID)).toEqual({
      kind: 'error',
      status: 429,
      code: 'rate_limited',
      message: 'held',
      retryAfter: 600,
      limit: 'pending_uploads',
    });
  });

  it('omits attemptsLeft when the server does not send it', async () => {
    const f = fakeFetch(json(403, { error: { code: 'wrong_key', message: 'no' } }));
    const out = await createApiClient({ fetch: f }).reveal(ID, { keyProof: PROOF });
    expect(out).toEqual({ kind: 'error', status: 403, code: 'wrong_key', message: 'no' });
  });

  it('reads Retry-After on 429', async () => {
    const f = fakeFetch(json(429, { error: { code: 'rate_limited', message: 'slow' } }, { 'retry-after': '7' }));
    expect(await createApiClient({ fetch: f }).events(ID, TOKEN)).toMatchObject({
      kind: 'error',
      code: 'rate_limited',
      retryAfter: 7,
    });
  });

  it('tells network failures and nonsense apart from refusals', async () => {
    const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await createApiClient({ fetch: down }).burn(ID, { keyProof: PROOF })).toEqual({
      kind: 'network',
      message: 'Failed to fetch',
    });
    const html = fakeFetch(() => new Response('<html>', { status: 502 }));
    expect(await createApiClient({ fetch: html }).events(ID, TOKEN)).toEqual({
      kind: 'bad_response',
      status: 502,
      message: 'non-JSON response (HTTP 502)',
    });
    const odd = fakeFetch(json(500, { error: { code: 'no_such_code', message: '?' } }));
    expect(await createApiClient({ fetch: odd }).burn(ID, { keyProof: PROOF })).toEqual({
      kind: 'bad_response',
      status: 500,
      message: 'HTTP 500',
    });
  });

  it('expire sends DELETE with the owner token', async () => {
    const f = fakeFetch(empty(204));
    expect(await createApiClient({ fetch: f }).expire(ID, TOKEN)).toEqual({ kind: 'ok', value: null });
    expect(f.sent[0]).toMatchObject({ method: 'DELETE', url: `/api/v1/secrets/${ID}` });
    expect(f.sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('uploadChunk PUTs the sealed bytes with the upload token and passes the abort signal on', async () => {
    const f = fakeFetch(empty(204));
    const signal = new AbortController().signal;
    const sealed = Uint8Array.of(1, 2, 3);
    expect(await createApiClient({ fetch: f }).uploadChunk(ID, 2, 7, sealed, TOKEN, signal)).toEqual({
      kind: 'ok',
      value: null,
    });
    expect(f.sent[0]).toMatchObject({ method: 'PUT', url: `/api/v1/secrets/${ID}/files/2/chunks/7` });
    expect(f.sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(f.sent[0]!.headers.get('content-type')).toBe('application/octet-stream');
    expect(f.sent[0]!.init.signal).toBe(signal);
    expect(f.sent[0]!.init.body).toEqual(sealed);
  });
});
