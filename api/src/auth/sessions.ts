/**
 * Server-side sessions (issue 12 §1): the cookie holds a 256-bit secret, the database its SHA-256, so a
 * session is revocable (delete the row) and a leaked database holds no usable cookie. A session ends
 * after ZKPUSH_SESSION_IDLE_TIMEOUT without use or ZKPUSH_SESSION_MAX_AGE after sign-in, whichever
 * comes first (OWASP Session Management Cheat Sheet, "Session Expiration"); every use moves the idle
 * end on, written at most once a minute (and at least ten times per idle timeout, so a session in use
 * at the shortest timeout, 60 s, is not ended between writes) so reads do not become writes. Ended
 * sessions are deleted when next presented and by the sweeper's every pass (domain/lifecycle/sweeper.ts).
 *
 * The CSRF token is derived from the session's secret (SHA-256 over a label and the secret), so it is
 * per session, needs no storage, and cannot be computed without the cookie the attacker's page cannot
 * read (docs/security.md "Sign-in").
 */
import type { Clock } from '../clock.ts';
import type { AuthConfig } from '../config/auth-config.ts';
import type { AuthRepo, UserRecord } from '../db/auth-repo.ts';
import { newSecret, sha256Hex } from './secret-token.ts';

/** Writes of last_seen_at are skipped within this interval (or a tenth of the idle timeout, if less). */
const TOUCH_INTERVAL_MS = 60_000;

export type ActiveSession = Readonly<{ idHash: string; csrfToken: string; user: UserRecord }>;

export interface Sessions {
  /** Starts a session for `user`; returns the cookie's value. */
  start(userId: string, idToken: string | null): Promise<string>;
  /** The live session a cookie names, or undefined (unknown, idle too long, past its end — then deleted). */
  resolve(cookie: string): Promise<ActiveSession | undefined>;
  /** Ends the session; returns the ID token it kept (for RP-initiated logout) when it existed. */
  end(cookie: string): Promise<{ idToken: string | null } | undefined>;
  /** Removes ended sessions and abandoned sign-ins as of `now` (default: the clock); the sweeper's job. */
  purge(now?: number): Promise<number>;
}

export function csrfTokenOf(cookie: string): string {
  return Buffer.from(sha256Hex(`zkpush csrf v1\n${cookie}`), 'hex').toString('base64url');
}

export function createSessions(deps: {
  repo: AuthRepo;
  clock: Clock;
  config: Pick<AuthConfig, 'sessionIdleSeconds' | 'sessionMaxAgeSeconds'>;
}): Sessions {
  const { repo, clock } = deps;
  const idleMs = deps.config.sessionIdleSeconds * 1000;
  const maxAgeMs = deps.config.sessionMaxAgeSeconds * 1000;
  const touchMs = Math.min(TOUCH_INTERVAL_MS, idleMs / 10);

  return {
    async start(userId, idToken) {
      const cookie = newSecret();
      const now = clock.now();
      await repo.insertSession({ idHash: sha256Hex(cookie), userId, now, expiresAt: now + maxAgeMs, idToken });
      return cookie;
    },

    async resolve(cookie) {
      const idHash = sha256Hex(cookie);
      const session = await repo.findSession(idHash);
      if (session === undefined) return undefined;
      const now = clock.now();
      if (now >= session.expiresAt || now - session.lastSeenAt >= idleMs) {
        await repo.deleteSession(idHash);
        return undefined;
      }
      if (now - session.lastSeenAt >= touchMs) await repo.touchSession(idHash, now);
      return { idHash, csrfToken: csrfTokenOf(cookie), user: session.user };
    },

    end: (cookie) => repo.deleteSession(sha256Hex(cookie)),

    async purge(now = clock.now()) {
      return (await repo.purgeSessions(now, now - idleMs)) + (await repo.purgeLogins(now));
    },
  };
}
