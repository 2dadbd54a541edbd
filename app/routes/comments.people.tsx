/** GET /comments/people?q=: the @mention picker's names (signed-in staff only; names, job titles, departments). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { searchPeople } from "~/commands/comments.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  const people = await searchPeople(await getDb(), q);
  return json({ people: people.map((p) => ({ id: p.id, name: p.name, jobTitle: p.jobTitle, departmentName: p.departmentName })) }, { headers: { "cache-control": "private, no-store" } });
}
