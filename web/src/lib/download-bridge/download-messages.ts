/**
 * Words of the service worker (src/service-worker/): the page a stale download URL answers with. A
 * leaf with no imports, so the service worker takes it without the page's modules or catalogues — it
 * has no active language, so this one body is English (the page's own words about downloads are in
 * the catalogues, keys `dl_*` and `reveal_*`).
 */

export const downloadBridgeText = {
  /** The body of a download URL that was already used or expired (text/plain). */
  staleLink: 'This download link was already used or has expired. Go back and press Download again.\n',
};
