/**
 * Who may create what (issue 12 §2): ZKPUSH_CREATE_POLICY decides whether anonymous creators, signed-in
 * users and API tokens may create at all; role limits narrow what members may do (file pushes for
 * admins only, a shorter longest expiry). Revealing is never asked about here: it stays anonymous.
 * Pure functions of the principal and the settings, so the same answer holds on every instance.
 */
import type { AuthConfig } from '../config/auth-config.ts';
import { hasScope, type Principal } from './principal.ts';

export type CreateDecision =
  { kind: 'ok' } | { kind: 'sign_in_required'; message: string } | { kind: 'forbidden_by_policy'; message: string };

type PolicyConfig = Pick<AuthConfig, 'createPolicy' | 'filesAdminsOnly' | 'memberExpiryMaxSeconds'>;

/** Whether this principal may create at all (before the request body is read). */
export function mayCreate(principal: Principal, config: PolicyConfig): CreateDecision {
  if (principal.kind === 'token') {
    if (!hasScope(principal, 'create')) {
      return { kind: 'forbidden_by_policy', message: 'this API token lacks the create scope' };
    }
    if (config.createPolicy === 'signed-in') {
      return { kind: 'forbidden_by_policy', message: 'this server lets only signed-in people create, not API tokens' };
    }
    return { kind: 'ok' };
  }
  if (principal.kind === 'anonymous' && config.createPolicy !== 'anyone') {
    const how = config.createPolicy === 'signed-in' ? 'sign in' : 'sign in or use an API token';
    return { kind: 'sign_in_required', message: `this server lets only signed-in people create pushes; ${how}` };
  }
  return { kind: 'ok' };
}

/** The role limits, once the request says what it creates; `expiresIn` is the effective expiry (seconds). */
export function mayCreateThis(
  principal: Principal,
  request: { files: boolean; expiresIn: number },
  config: PolicyConfig,
): CreateDecision {
  // Anonymous creators exist only under `anyone`, where the server's own limits apply (config.ts).
  if (principal.kind === 'anonymous') {
    if (request.files && config.filesAdminsOnly) {
      return { kind: 'sign_in_required', message: 'only admins may create file pushes on this server; sign in' };
    }
    return { kind: 'ok' };
  }
  if (principal.user.role === 'admin') return { kind: 'ok' };
  if (request.files && config.filesAdminsOnly) {
    return { kind: 'forbidden_by_policy', message: 'only admins may create file pushes on this server' };
  }
  if (request.expiresIn > config.memberExpiryMaxSeconds) {
    return {
      kind: 'forbidden_by_policy',
      message: `members may choose an expiry of at most ${config.memberExpiryMaxSeconds} seconds`,
    };
  }
  return { kind: 'ok' };
}
