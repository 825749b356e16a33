/**
 * Words of the service-worker download path (download-bridge/ and src/service-worker/): why a
 * download through the worker failed, as the middle of the reveal page's "The download failed: …",
 * and the page a stale download URL answers with. A leaf with no imports, so the service worker
 * takes it without the page's modules. Plain strings, so the file can become a translation catalogue.
 */

export const downloadBridgeText = {
  unexpectedMessage: 'unexpected message from the download worker',
  endedEarly: 'the download worker ended early',
  /** The body of a download URL that was already used or expired (text/plain). */
  staleLink: 'This download link was already used or has expired. Go back and press Download again.\n',
};
