import { describe, expect, it } from 'vitest';
import { EARLY_META_GLOBAL, withEarlyMeta } from './early-meta.ts';

const URL_OF_META = '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA';

function setup(early: unknown) {
  const scope: Record<string, unknown> = { [EARLY_META_GLOBAL]: early };
  const calls: string[] = [];
  const network = (input: string) => {
    calls.push(input);
    return Promise.resolve(new Response('network'));
  };
  return { scope, calls, fetch: withEarlyMeta(network, scope) };
}

describe('withEarlyMeta', () => {
  it('answers the first metadata GET with the response already on its way, then uses the network', async () => {
    const early = new Response('early');
    const { scope, calls, fetch } = setup({ url: URL_OF_META, response: Promise.resolve(early) });
    expect(EARLY_META_GLOBAL in scope).toBe(false);
    expect(await fetch(URL_OF_META, { method: 'GET' })).toBe(early);
    expect(calls).toEqual([]);
    // "Try again" asks again: that one goes out.
    expect(await (await fetch(URL_OF_META, { method: 'GET' })).text()).toBe('network');
    expect(calls).toEqual([URL_OF_META]);
  });

  it('leaves other requests alone: another URL, another method', async () => {
    const { calls, fetch } = setup({ url: URL_OF_META, response: Promise.resolve(new Response('early')) });
    await fetch(`${URL_OF_META}/reveal`, { method: 'POST' });
    await fetch(URL_OF_META, { method: 'POST' });
    expect(calls).toEqual([`${URL_OF_META}/reveal`, URL_OF_META]);
    expect(await (await fetch(URL_OF_META)).text()).toBe('early');
  });

  it('a failed early request fails the metadata request like a network error would', async () => {
    const failed = Promise.reject(new TypeError('Failed to fetch'));
    failed.catch(() => undefined);
    const { fetch } = setup({ url: URL_OF_META, response: failed });
    await expect(fetch(URL_OF_META)).rejects.toThrow('Failed to fetch');
  });

  it('ignores anything on the global that is not an early request', async () => {
    for (const junk of [undefined, null, 'x', { url: URL_OF_META }, { url: 1, response: Promise.resolve() }]) {
      const { calls, fetch } = setup(junk);
      await fetch(URL_OF_META);
      expect(calls).toEqual([URL_OF_META]);
    }
  });
});
