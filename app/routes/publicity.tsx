/**
 * /publicity: what waits for a publicity reviewer during a pre-election period (decision
 * 161), with candidates' and councillors' names marked; approve sends it out if its time
 * has come. Publicity reviewers only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { approvePublicity, publicityQueue, requirePublicityReviewer } from "~/commands/elections.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { highlightNames } from "~/utils/highlight-names";
import { badRequest } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Publicity review");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePublicityReviewer(request);
  const queue = (await publicityQueue(await getDb())).map((r) => {
    const marked = highlightNames(r.html, r.candidates);
    return { itemId: r.itemId, title: r.title, type: r.type, periods: r.periodTitles, html: marked.html, found: marked.found };
  });
  return json({ queue, csrfToken: user.csrfToken });
}

const ApproveSchema = z.object({ itemId: z.coerce.number().int().positive(), comment: z.string().trim().max(1000, "The note must be 1000 characters or fewer").default("") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePublicityReviewer(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ApproveSchema.safeParse({ itemId: form.get("itemId"), comment: form.get("comment") ?? "" });
  if (!parsed.success) throw badRequest("That is not something this page can do.");
  const r = await approvePublicity(user, parsed.data.itemId, parsed.data.comment);
  if (!r.ok) return json({ error: r.errors.form ?? "Could not approve." }, { status: 409 });
  return redirect(`/publicity?done=${r.published ? "published" : "approved"}`);
}

export default function PublicityReview() {
  const { queue, csrfToken } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  return (
    <>
      <Breadcrumbs items={[{ label: "Publicity review" }]} />
      <h1>Publicity review</h1>
      {answer?.error ? <div className="error-summary" role="alert"><p>{answer.error}</p></div> : null}
      {done && !answer ? (
        <div className="banner banner--success" role="status">
          <p>{done === "published" ? "Approved and published." : "Approved. It goes out at its scheduled time."}</p>
        </div>
      ) : null}
      <p>Announcements and public pages held during a pre-election period wait here. Names of candidates and councillors are marked.</p>
      {queue.length === 0 ? <p>Nothing is waiting.</p> : null}
      {queue.map((q) => (
        <section key={q.itemId} className="card" aria-labelledby={`held-${q.itemId}`}>
          <h2 id={`held-${q.itemId}`}>{q.title}</h2>
          <p className="item-meta">A {q.type}, held in: {q.periods.join(", ")}{q.found.length ? `. Names found: ${q.found.join(", ")}` : ""}</p>
          <RichText html={q.html} />
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="itemId" value={q.itemId} />
            <div className="form-group">
              <label htmlFor={`comment-${q.itemId}`}>Note for the record (optional)</label>
              <textarea id={`comment-${q.itemId}`} name="comment" rows={2} maxLength={1000} />
            </div>
            <button type="submit" className="button">Approve “{q.title}”</button>
          </Form>
        </section>
      ))}
    </>
  );
}
