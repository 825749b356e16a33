/**
 * Who is signed in, for every page: loaded once from /api/v1/config (is there sign-in, who may create)
 * and /api/v1/me (who this browser is), shared by the header, the create page and the tokens page.
 */
import type { AuthInfo, Me } from '@zkpush/shared/auth-schemas';
import { ServerConfig } from '@zkpush/shared/schemas';
import * as v from 'valibot';
import { fetchMe } from './account-client.ts';
import { setCsrfToken } from './csrf.ts';

type AccountState = { loaded: boolean; auth: AuthInfo | undefined; me: Me };

export const account = $state<AccountState>({ loaded: false, auth: undefined, me: { kind: 'anonymous' } });

let loading: Promise<void> | undefined;

async function load(): Promise<void> {
  const config = await fetch('/api/v1/config', { cache: 'no-store' })
    .then(async (res) => v.safeParse(ServerConfig, await res.json()))
    .catch(() => undefined);
  account.auth = config?.success === true ? config.output.auth : undefined;
  // Without sign-in there is nobody to ask about (and /api/v1/me does not exist).
  const me = account.auth === undefined || account.auth.mode === 'none' ? undefined : await fetchMe();
  account.me = me?.kind === 'ok' ? me.value : { kind: 'anonymous' };
  setCsrfToken(account.me.kind === 'user' ? account.me.csrfToken : null);
  account.loaded = true;
}

/** Loads once per page load; `reload` asks again (after signing out, say). */
export function loadAccount(reload = false): Promise<void> {
  if (reload || loading === undefined) loading = load();
  return loading;
}

/** Whether this browser may create here as it is (anonymous creators need the `anyone` policy). */
export function mayCreate(state: AccountState): boolean {
  return state.auth === undefined || state.auth.createPolicy === 'anyone' || state.me.kind !== 'anonymous';
}
