/**
 * From what the provider (or proxy) says about a person to whether they may sign in and with which
 * role: allowed email domains need a *verified* email (an unverified address proves nothing), member
 * groups limit who may sign in at all, admin groups make admins. Groups come from the configured claim
 * (ZKPUSH_AUTH_GROUPS_CLAIM), which providers send as an array or a space/comma-separated string.
 */
import type { Role } from '@zkpush/shared/auth-schemas';
import type { AuthConfig } from '../config/auth-config.ts';

export type Identity = Readonly<{ email: string | null; emailVerified: boolean; groups: readonly string[] }>;

export type RoleDecision = { kind: 'ok'; role: Role } | { kind: 'refused'; message: string };

export function groupsFrom(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((group) => group !== '');
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return [];
}

export function decideRole(
  identity: Identity,
  config: Pick<AuthConfig, 'allowedDomains' | 'adminGroups' | 'memberGroups'>,
): RoleDecision {
  if (config.allowedDomains.length > 0) {
    const domain = identity.email?.split('@').at(-1)?.toLowerCase();
    if (!identity.emailVerified || domain === undefined || !config.allowedDomains.includes(domain)) {
      return { kind: 'refused', message: 'this account has no verified email address at a domain this server allows' };
    }
  }
  const isAdmin = identity.groups.some((group) => config.adminGroups.includes(group));
  if (isAdmin) return { kind: 'ok', role: 'admin' };
  if (config.memberGroups.length > 0 && !identity.groups.some((group) => config.memberGroups.includes(group))) {
    return { kind: 'refused', message: 'this account is not in a group this server lets sign in' };
  }
  return { kind: 'ok', role: 'member' };
}
