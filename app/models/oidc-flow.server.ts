/** Sign-in flows in progress with the identity provider (migrations/031). Each is used once. */
import type { Queryable } from "~/utils/db.server";

export type OidcFlow = { id: string; state: string; nonce: string; codeVerifier: string; redirectTo: string; expiresAt: string };

export async function insertOidcFlow(q: Queryable, flow: OidcFlow, now: string): Promise<void> {
  await q.run("DELETE FROM oidc_flows WHERE expires_at < ?", [now]);
  await q.run("INSERT INTO oidc_flows (id, state, nonce, code_verifier, redirect_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [
    flow.id, flow.state, flow.nonce, flow.codeVerifier, flow.redirectTo, now, flow.expiresAt,
  ]);
}

/** Returns the flow and deletes it, so a callback can never be replayed. */
export async function takeOidcFlow(q: Queryable, id: string): Promise<OidcFlow | undefined> {
  const flow = await q.get<OidcFlow>(
    `SELECT id, state, nonce, code_verifier AS codeVerifier, redirect_to AS redirectTo, expires_at AS expiresAt
       FROM oidc_flows WHERE id = ?`,
    [id],
  );
  if (flow) await q.run("DELETE FROM oidc_flows WHERE id = ?", [id]);
  return flow;
}
