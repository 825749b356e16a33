import { describe, expect, test } from 'vitest';
import { describeNetworkError, timeoutFetch } from './client.ts';

const withCode = (code: string): Error =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });

describe('describeNetworkError', () => {
  test('explains the cause code Node hides behind "fetch failed"', () => {
    expect(describeNetworkError(withCode('ECONNREFUSED'), 1000)).toBe('connection refused (is the server running?)');
    expect(describeNetworkError(withCode('ENOTFOUND'), 1000)).toBe('host not found');
    expect(describeNetworkError(withCode('EWHATEVER'), 1000)).toBe('EWHATEVER');
  });

  test('timeouts and aborts', () => {
    expect(describeNetworkError(new DOMException('t', 'TimeoutError'), 60_000)).toBe('no answer within 60 seconds');
  });
});

describe('timeoutFetch', () => {
  test('passes an abort signal and rethrows failures with a readable message', async () => {
    let signal: AbortSignal | null | undefined;
    const failing = timeoutFetch(5000, (_input, init) => {
      signal = init?.signal;
      return Promise.reject(withCode('ECONNREFUSED'));
    });
    await expect(failing('http://127.0.0.1:1/api/v1/config')).rejects.toThrow('connection refused');
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  test('a request that never answers fails when the signal fires', async () => {
    const hanging = timeoutFetch(1, (_input, init) => {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    });
    await expect(hanging('http://127.0.0.1:1/')).rejects.toThrow('no answer within 0 seconds');
  });
});
