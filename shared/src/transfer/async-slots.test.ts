import { describe, expect, it } from 'vitest';
import { Slots, unlessAborted } from './async-slots.ts';

describe('Slots', () => {
  it('lets `n` in and the next waiter in order as each leaves', async () => {
    const slots = new Slots(2);
    const order: number[] = [];
    await slots.acquire();
    await slots.acquire();
    const third = slots.acquire().then(() => order.push(3));
    const fourth = slots.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release();
    await third;
    slots.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });
});

describe('unlessAborted', () => {
  it('passes the value or the error through, and gives up on abort', async () => {
    expect(await unlessAborted(Promise.resolve(5), undefined)).toBe(5);
    await expect(unlessAborted(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
    const controller = new AbortController();
    const never = unlessAborted(new Promise<number>(() => undefined), controller.signal);
    controller.abort();
    expect(await never).toBeUndefined();
  });
});
