import { describe, expect, test } from 'vitest';
import { describeCreated, describeMeta, describeViewsLeft, timeLeft } from './summary.ts';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (seconds: number): string => new Date(NOW + seconds * 1000).toISOString();

describe('summary', () => {
  test('remaining time rounds to minutes past an hour, never negative', () => {
    expect(timeLeft(at(86_400 - 0.2), NOW)).toBe('1 day');
    expect(timeLeft(at(90), NOW)).toBe('1 minute 30 seconds');
    expect(timeLeft(at(-5), NOW)).toBe('0 seconds');
  });

  test('after a push', () => {
    expect(describeCreated(1, at(86_400), NOW)).toBe('Link opens once, expires in 1 day.');
    expect(describeCreated(2, at(3600), NOW)).toBe('Link opens twice, expires in 1 hour.');
    expect(describeCreated(5, at(7 * 86_400), NOW)).toBe('Link opens 5 times, expires in 7 days.');
  });

  test('after an open', () => {
    expect(describeViewsLeft(0, at(60), NOW)).toMatch(/^That was the last view/);
    expect(describeViewsLeft(1, at(3600), NOW)).toBe('1 view left; expires in 1 hour.');
    expect(describeViewsLeft(3, at(3600), NOW)).toBe('3 views left; expires in 1 hour.');
  });

  test('meta table', () => {
    const text = describeMeta(
      { id: 'AAECAwQFBgcICQoLDA0ODw', views: 3, viewsLeft: 2, createdAt: at(0), expiresAt: at(3600) },
      NOW,
    );
    expect(text).toBe(
      [
        'id         AAECAwQFBgcICQoLDA0ODw',
        'views left 2 of 3',
        'created    2030-01-01T12:00:00.000Z',
        'expires    2030-01-01T13:00:00.000Z (in 1 hour)',
        '',
      ].join('\n'),
    );
  });
});
