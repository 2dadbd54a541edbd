/**
 * POST /me/offline: "Save for offline" / "Remove from offline" on a guide (decision 124).
 * A plain form (works without JavaScript; the service worker picks the list up from
 * /me/offline.json when the page next loads). GET lists what is saved.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { canSeeItem, visibleItemsSql } from "~/access/audience.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { forgetOffline, listSavedOffline, saveForOffline } from "~/models/saved-offline.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb, nowIso } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Saved for offline");

const OfflineForm = z.object({ itemId: z.string().regex(/^\d{1,12}$/).transform(Number), intent: z.enum(["save", "forget"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ shared: user.sharedDevice !== null, saved: await listSavedOffline(await getDb(), user.id, visibleItemsSql(user)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = OfflineForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest("Choose a guide to save or remove.");
  const db = await getDb();
  const item = await findItemById(db, parsed.data.itemId);
  if (!item || item.type !== "guide" || !canSeeItem(user, await getAudienceFacts(db, item))) throw notFound();
  if (parsed.data.intent === "save") await saveForOffline(db, user.id, item.id, nowIso());
  else await forgetOffline(db, user.id, item.id);
  return redirect(`/guides/${item.slug}?offline=${parsed.data.intent === "save" ? "saved" : "removed"}#offline`);
}

export default function SavedOffline() {
  const { saved, shared } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Saved for offline" }]} />
      <h1>Saved for offline</h1>
      <p>
        {shared
          ? "This is a shared device: nothing is kept here for offline reading."
          : "On your own phone or computer, these guides and the things you still have to read and confirm can be opened without a signal, once you have visited the intranet with a signal."}
      </p>
      {saved.length === 0 ? (
        <p className="muted">No guides saved. Use “Save for offline” on a guide.</p>
      ) : (
        <ul>
          {saved.map((g) => (
            <li key={g.id}>
              <Link to={`/guides/${g.slug}`}>{g.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
