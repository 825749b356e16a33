/**
 * Wire schemas of sign-in, the create policy and API tokens (docs/api.md "Sign-in and API tokens").
 * Nothing here carries a key, a link or a push's content: signing in changes who may do what, never
 * what the server can read.
 */
import * as v from 'valibot';

const Int = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`));
const IsoTime = v.pipe(v.string(), v.isoTimestamp());

export const AUTH_MODES = ['none', 'oidc', 'trusted-header'] as const;
export const CREATE_POLICIES = ['anyone', 'signed-in', 'signed-in-or-token'] as const;
export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
/**
 * What an API token may do: create pushes; read the audit trail of pushes it (or its user) created;
 * delete (expire) those pushes. The last two take effect with "my pushes" (issue 12 §4).
 */
export const TOKEN_SCOPES = ['create', 'read-own-events', 'delete-own'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** How a principal proved who it is. */
export const PRINCIPAL_VIA = ['session', 'trusted-header', 'token'] as const;

/**
 * Every API token starts with this, so secret scanners (and people) recognise one; `.` is outside the
 * base64url alphabet, so no owner, upload or download token can ever look like an API token.
 */
export const API_TOKEN_PREFIX = 'zkpush.';

/** GET /api/v1/config → `auth`: how clients sign in and who may create. */
export const AuthInfo = v.strictObject({
  mode: v.picklist(AUTH_MODES),
  createPolicy: v.picklist(CREATE_POLICIES),
  /** Where a browser starts signing in (`/auth/login?returnTo=/path`); null when it cannot (none, trusted-header). */
  signInPath: v.nullable(v.string()),
  /** Only admins (and their tokens) may create file pushes. */
  filesAdminsOnly: v.boolean(),
  /** Longest expiry (seconds) a member may choose; admins have the server's maximum. */
  memberExpiryMax: Int('memberExpiryMax'),
  /** Longest API token lifetime (seconds). */
  tokenMaxExpiry: Int('tokenMaxExpiry'),
});
export type AuthInfo = v.InferOutput<typeof AuthInfo>;

export const MeUser = v.strictObject({
  id: v.string(),
  email: v.nullable(v.string()),
  emailVerified: v.boolean(),
  name: v.nullable(v.string()),
  role: v.picklist(ROLES),
});

/** GET /api/v1/me: who this request is. */
export const Me = v.variant('kind', [
  v.strictObject({ kind: v.literal('anonymous') }),
  v.strictObject({
    kind: v.literal('user'),
    via: v.picklist(PRINCIPAL_VIA),
    user: MeUser,
    /** Send as `X-CSRF-Token` on every state-changing request this session makes; null outside sessions. */
    csrfToken: v.nullable(v.string()),
    /** Where the browser goes to sign out (POST); null when signing out is the proxy's business. */
    signOutPath: v.nullable(v.string()),
  }),
  v.strictObject({
    kind: v.literal('token'),
    via: v.literal('token'),
    user: MeUser,
    token: v.strictObject({ id: v.string(), scopes: v.array(v.picklist(TOKEN_SCOPES)) }),
  }),
]);
export type Me = v.InferOutput<typeof Me>;

export const TOKEN_NAME_MAX = 100;

/** POST /api/v1/tokens */
export const CreateTokenRequest = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty'), v.maxLength(TOKEN_NAME_MAX)),
  scopes: v.pipe(v.array(v.picklist(TOKEN_SCOPES)), v.minLength(1, 'scopes must name at least one scope')),
  /** Seconds from now; at most the server's tokenMaxExpiry. */
  expiresIn: v.pipe(Int('expiresIn'), v.minValue(60, 'expiresIn must be at least 60 seconds')),
});
export type CreateTokenRequest = v.InferOutput<typeof CreateTokenRequest>;

export const ApiTokenInfo = v.strictObject({
  id: v.string(),
  name: v.string(),
  scopes: v.array(v.picklist(TOKEN_SCOPES)),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  lastUsedAt: v.nullable(IsoTime),
  revokedAt: v.nullable(IsoTime),
  /** The owner; admins listing everyone's tokens see whose each is. */
  owner: v.strictObject({ id: v.string(), email: v.nullable(v.string()) }),
});
export type ApiTokenInfo = v.InferOutput<typeof ApiTokenInfo>;

/** POST /api/v1/tokens → 201: the secret, shown this once; the server keeps only its SHA-256. */
export const CreateTokenResponse = v.strictObject({ token: v.string(), info: ApiTokenInfo });
export type CreateTokenResponse = v.InferOutput<typeof CreateTokenResponse>;

/** GET /api/v1/tokens (`?all=1` for admins: every user's). */
export const TokenList = v.strictObject({ tokens: v.array(ApiTokenInfo) });
export type TokenList = v.InferOutput<typeof TokenList>;
