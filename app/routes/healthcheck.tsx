import { getDb } from "~/utils/db.server";

/** For load balancers and monitoring: 200 only when the database answers a query. */
export async function loader() {
  try {
    const db = await getDb();
    const row = await db.get<{ ok: number }>("SELECT 1 AS ok FROM items LIMIT 1");
    void row;
    return new Response("OK", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("Database unavailable", { status: 503, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  }
}
