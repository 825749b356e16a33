import { describe, expect, it } from 'vitest';
import { createRateMeter, describeRate } from './transfer-rate.ts';

describe('createRateMeter', () => {
  it('measures over the recent window and estimates the time left', () => {
    let t = 0;
    const meter = createRateMeter(() => t, 5000);
    meter.sample(0, 100 * 1024 ** 2);
    expect(meter.bytesPerSecond).toBeUndefined();
    expect(describeRate(meter)).toBe('');
    for (let s = 1; s <= 10; s++) {
      t = s * 1000;
      meter.sample(s * 2 * 1024 ** 2, 100 * 1024 ** 2);
    }
    expect(meter.bytesPerSecond).toBe(2 * 1024 ** 2);
    expect(meter.secondsLeft).toBe(40);
    expect(describeRate(meter)).toBe('2 MiB/s · about 40 seconds left');
    // A stall shows up within the window.
    t = 16_000;
    meter.sample(20 * 1024 ** 2, 100 * 1024 ** 2);
    expect(meter.bytesPerSecond).toBeLessThan(2 * 1024 ** 2);
  });

  it('says nothing about time left while nothing moves', () => {
    let t = 0;
    const meter = createRateMeter(() => t);
    meter.sample(5, 10);
    t = 1000;
    meter.sample(5, 10);
    expect(meter.secondsLeft).toBeUndefined();
    expect(describeRate(meter)).toBe('0 bytes/s');
  });
});
