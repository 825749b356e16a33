/**
 * Universal hooks. `/<lang>/s/<id>` — a link that carries the recipient's language
 * (docs/wire-format.md §3) — renders the reveal page of `/s/<id>`; the address bar keeps the
 * language, which routes/+layout.ts reads to pick the page's language.
 */
import type { Reroute } from '@sveltejs/kit/hooks';
import { splitLinkPath } from '@zkpush/shared/link';

export const reroute: Reroute = ({ url }) => {
  const path = splitLinkPath(url.pathname);
  if (path?.lang !== undefined) return `/s/${path.id}`;
};
