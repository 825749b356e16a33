/**
 * Headers on every response, API and SPA alike. The key lives in the URL fragment, which browsers
 * never send, but a Referer could still leak the page path; framing, sniffing and cross-origin
 * embedding are refused outright.
 *
 * Not hono/secure-headers: its typed Permissions-Policy cannot name `interest-cohort`, and it adds six
 * headers of its own (HSTS, Origin-Agent-Cluster, …) that would each have to be switched off to keep
 * exactly the headers docs/api.md and app.test.ts describe.
 */
import type { MiddlewareHandler } from 'hono';

/**
 * Powerful features zkpush never uses are denied (W3C Permissions Policy). `clipboard-write=(self)`
 * stays allowed for the copy-link button; `interest-cohort`/`browsing-topics` opt out of ad topics.
 * Only features current Chromium recognises are listed: an unknown name draws a console warning on
 * every page load.
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'interest-cohort=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': PERMISSIONS_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
});

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
};
