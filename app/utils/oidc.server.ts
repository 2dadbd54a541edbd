/**
 * Sign-in with the council's identity provider over OpenID Connect (openid-client v6):
 * authorisation code flow with PKCE (S256), state and nonce. The state, nonce and code
 * verifier are kept on the server (oidc_flows), keyed by the hash of a random value in a
 * short-lived cookie, so the callback only completes in the browser that started it.
 *
 * Claims decide the person's role and department when mapped (OIDC_ROLE_MAP,
 * OIDC_DEPARTMENT_CLAIM/MAP): the identity provider is then the source of truth and the
 * mapping is applied at every sign-in.
 */
import crypto from "node:crypto";
import * as client from "openid-client";
import { insertOidcFlow, takeOidcFlow } from "~/models/oidc-flow.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { ROLES, isRole, type Role } from "./roles";

export const OIDC_FLOW_COOKIE = "intranet_oidc_flow";
const FLOW_MS = 10 * 60 * 1000;

export function oidcEnabled(): boolean {
  const env = getEnv();
  return !!(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}

let config: Promise<client.Configuration> | undefined;

/** The provider's metadata, discovered once (and again after a failure). */
export function oidcConfiguration(): Promise<client.Configuration> {
  if (!config) {
    const env = getEnv();
    if (!oidcEnabled()) throw new Error("OpenID Connect is not configured");
    const issuer = new URL(env.OIDC_ISSUER!);
    const local = issuer.protocol === "http:";
    config = client.discovery(issuer, env.OIDC_CLIENT_ID!, env.OIDC_CLIENT_SECRET!, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined);
    config.catch(() => (config = undefined));
  }
  return config;
}

/** Tests start providers on new ports; this forgets the discovered one. */
export function resetOidcForTests(): void {
  config = undefined;
}

function publicOrigin(request: Request): string {
  const publicUrl = getEnv().PUBLIC_URL;
  return publicUrl ? new URL(publicUrl).origin : new URL(request.url).origin;
}

export function callbackUrl(request: Request): string {
  return `${publicOrigin(request)}/auth/oidc/callback`;
}

const hash = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

/** Set by /logout for /logout/provider, for two minutes: only a real sign-out is sent on to the provider. */
export const PROVIDER_SIGN_OUT_COOKIE = "intranet_provider_sign_out";

export function providerSignOutCookie(request: Request, on: boolean): string {
  const secure = publicOrigin(request).startsWith("https:") ? "; Secure" : "";
  return `${PROVIDER_SIGN_OUT_COOKIE}=${on ? "1" : ""}; Path=/logout; HttpOnly; SameSite=Lax; Max-Age=${on ? 120 : 0}${secure}`;
}

/** Where staff land after signing out at the identity provider: register it there as a post-logout redirect URI. */
export function postLogoutUrl(request: Request): string {
  return `${publicOrigin(request)}/login`;
}

/**
 * Where to send a browser whose session came from the identity provider when it signs
 * out, so the provider's session ends too: its end-session endpoint (RP-initiated
 * logout), or null when that is switched off (OIDC_SIGN_OUT_AT_PROVIDER), the provider
 * has none, or cannot be reached (signing out of the intranet must work regardless).
 */
export async function providerSignOutUrl(request: Request): Promise<string | null> {
  if (!oidcEnabled() || getEnv().OIDC_SIGN_OUT_AT_PROVIDER !== "true") return null;
  try {
    const cfg = await oidcConfiguration();
    if (!cfg.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(cfg, { post_logout_redirect_uri: postLogoutUrl(request) }).href;
  } catch {
    return null;
  }
}

/** Starts a sign-in: where to send the browser, and the cookie that binds the flow to it. */
export async function beginOidcSignIn(request: Request, redirectTo: string): Promise<{ url: string; cookie: string }> {
  const cfg = await oidcConfiguration();
  const flowKey = crypto.randomBytes(32).toString("base64url");
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const now = new Date();
  const db = await getDb();
  await db.transaction((tx) =>
    insertOidcFlow(tx, { id: hash(flowKey), state, nonce, codeVerifier, redirectTo, expiresAt: new Date(now.getTime() + FLOW_MS).toISOString() }, now.toISOString()),
  );
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: callbackUrl(request),
    scope: getEnv().OIDC_SCOPES,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const secure = publicOrigin(request).startsWith("https:") ? "; Secure" : "";
  return { url: url.href, cookie: `${OIDC_FLOW_COOKIE}=${flowKey}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${FLOW_MS / 1000}${secure}` };
}

export function clearFlowCookie(request: Request): string {
  const secure = publicOrigin(request).startsWith("https:") ? "; Secure" : "";
  return `${OIDC_FLOW_COOKIE}=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

function readFlowCookie(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === OIDC_FLOW_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

export class OidcSignInError extends Error {
  constructor(
    readonly code: "expired" | "provider" | "no-email",
    message: string,
  ) {
    super(message);
  }
}

export type OidcIdentity = { subject: string; email: string; name: string; claims: Record<string, unknown>; redirectTo: string };

/** Completes the flow: checks state, nonce and PKCE, exchanges the code, and returns who signed in. */
export async function completeOidcSignIn(request: Request): Promise<OidcIdentity> {
  const key = readFlowCookie(request);
  const db = await getDb();
  const flow = key ? await db.transaction((tx) => takeOidcFlow(tx, hash(key))) : undefined;
  if (!flow || flow.expiresAt <= new Date().toISOString()) throw new OidcSignInError("expired", "The sign-in took too long or was started in another browser");
  const current = new URL(request.url);
  const currentUrl = new URL(`${publicOrigin(request)}${current.pathname}${current.search}`);
  const cfg = await oidcConfiguration();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(cfg, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    if (cfg.serverMetadata().userinfo_endpoint && tokens.access_token) {
      const info = await client.fetchUserInfo(cfg, tokens.access_token, String(claims.sub)).catch(() => null);
      // The ID token wins where both say something: it is signed.
      if (info) claims = { ...info, ...claims };
    }
  } catch (err) {
    throw new OidcSignInError("provider", err instanceof Error ? err.message : String(err));
  }
  const email = [claims.email, claims.preferred_username, claims.upn].find((v): v is string => typeof v === "string" && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v));
  if (!email) throw new OidcSignInError("no-email", "The identity provider did not say which email address you use");
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 120) : email;
  return { subject: `${cfg.serverMetadata().issuer}|${String(claims.sub)}`, email: email.toLowerCase(), name, claims, redirectTo: flow.redirectTo };
}

/* ---- Mapping claims to roles and departments (pure, so they are easy to test) ---- */

/** Parses "claim:value=role,value=role" (the "claim:" prefix is optional). */
export function parseRoleMap(map: string | undefined, defaultClaim: string): { claim: string; values: Map<string, Role> } | null {
  if (!map || !map.trim()) return null;
  let claim = defaultClaim;
  let rest = map.trim();
  const colon = rest.indexOf(":");
  const equals = rest.indexOf("=");
  if (colon > 0 && (equals < 0 || colon < equals)) {
    claim = rest.slice(0, colon).trim();
    rest = rest.slice(colon + 1);
  }
  const values = new Map<string, Role>();
  for (const pair of rest.split(",")) {
    const at = pair.lastIndexOf("=");
    if (at <= 0) continue;
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim().toLowerCase();
    if (value && isRole(role)) values.set(value, role);
  }
  return { claim, values };
}

/** Parses "value=slug,value=slug". */
export function parseDepartmentMap(map: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (map ?? "").split(",")) {
    const at = pair.lastIndexOf("=");
    if (at > 0) out.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim().toLowerCase());
  }
  return out;
}

/** A claim's values as strings: "a", ["a", "b"], or a dotted path like realm_access.roles. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = path in claims ? claims[path] : undefined;
  if (value === undefined) {
    value = path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), claims);
  }
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** The highest role any of the person's claim values maps to; null when no role map is configured. */
export function roleFromClaims(claims: Record<string, unknown>, env = getEnv()): Role | null {
  const map = parseRoleMap(env.OIDC_ROLE_MAP, env.OIDC_ROLE_CLAIM);
  if (!map) return null;
  let best: Role = "staff";
  for (const value of claimValues(claims, map.claim)) {
    const role = map.values.get(value);
    if (role && ROLES.indexOf(role) > ROLES.indexOf(best)) best = role;
  }
  return best;
}

/** The department slug the claims name, if a department claim is configured and matches one; undefined = leave as is. */
export function departmentFromClaims(
  claims: Record<string, unknown>,
  departments: { id: number; slug: string; name: string }[],
  env = getEnv(),
): number | null | undefined {
  if (!env.OIDC_DEPARTMENT_CLAIM) return undefined;
  const map = parseDepartmentMap(env.OIDC_DEPARTMENT_MAP);
  for (const raw of claimValues(claims, env.OIDC_DEPARTMENT_CLAIM)) {
    const value = raw.trim().toLowerCase();
    const slug = map.get(value) ?? value;
    const found = departments.find((d) => d.slug === slug || d.name.toLowerCase() === value);
    if (found) return found.id;
  }
  return undefined;
}
