import { describe, expect, it } from 'vitest';
import { askBeforeLeaving } from './leave-guard.ts';

const leave = (target: EventTarget): Event => {
  const event = new Event('beforeunload', { cancelable: true });
  target.dispatchEvent(event);
  return event;
};

describe('askBeforeLeaving', () => {
  it('cancels beforeunload until stopped', () => {
    const target = new EventTarget();
    expect(leave(target).defaultPrevented).toBe(false);
    const stop = askBeforeLeaving(target);
    expect(leave(target).defaultPrevented).toBe(true);
    expect(leave(target).defaultPrevented).toBe(true);
    stop();
    expect(leave(target).defaultPrevented).toBe(false);
  });

  it('stops only its own listener', () => {
    const target = new EventTarget();
    const first = askBeforeLeaving(target);
    askBeforeLeaving(target);
    first();
    expect(leave(target).defaultPrevented).toBe(true);
  });
});
