/** /corrections: the correction log — corrections of the pages you may open, newest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { getCorrectionLog } from "~/commands/corrections.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Corrections");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ log: await getCorrectionLog(await getDb(), user) });
}

export default function CorrectionLog() {
  const { log } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Corrections" }]} />
      <h1>Corrections</h1>
      <p>When something we published was wrong, we correct it openly and say so here. Corrections are about the content, never about a person.</p>
      {log.length === 0 ? <p className="muted">No corrections yet.</p> : null}
      <ol className="item-list">
        {log.map((c) => (
          <li key={c.id}>
            <h2 className="item-list__title">
              <Link to={`${c.itemHref}#correction-${c.id}`}>{c.itemTitle}</Link>
            </h2>
            <p className="item-meta">
              Corrected on <DateText value={c.createdAt} />
              {c.policyVersion ? ` · version ${c.policyVersion}` : ""}
              {c.material ? " · changes what you need to know" : ""}
            </p>
            <p>{c.text}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
