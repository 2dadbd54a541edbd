import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { DiffView, type DiffPart } from "~/components/DiffView";
import { pageTitle } from "~/components/meta";
import { VersionCompareForm } from "~/components/VersionCompareForm";
import { getAudienceFacts } from "~/models/item.server";
import { findPolicyBySlug, listPolicyVersions, revisionIdForVersion } from "~/models/policy.server";
import { getRevision } from "~/models/revision.server";
import { positiveIntParam, slugFromParams } from "~/schemas/reading-query";
import { canSeeItem } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { wordDiff } from "~/utils/text-diff.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Changes to ${data.policy.title}` : "Page not found");

/** Revisions never change, so the difference between two of them is kept (a few hundred at most). */
const diffCache = new Map<string, DiffPart[]>();
const DIFF_CACHE_SIZE = 200;

function cachedDifferences(key: string, before: string, after: string): DiffPart[] {
  const hit = diffCache.get(key);
  if (hit) return hit;
  const parts = wordDiff(before, after);
  if (diffCache.size >= DIFF_CACHE_SIZE) diffCache.delete(diffCache.keys().next().value as string);
  diffCache.set(key, parts);
  return parts;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const item = slug ? await findPolicyBySlug(db, slug) : undefined;
  if (!item || !canSeeItem(user, await getAudienceFacts(db, item))) throw notFound();

  const versions = await listPolicyVersions(db, item.id);
  const byNumber = (n: number | undefined) => (n === undefined ? undefined : versions.find((v) => v.version === n));
  const asked = { from: positiveIntParam(url, "from"), to: positiveIntParam(url, "to") };
  const from = byNumber(asked.from) ?? versions[1] ?? versions[0];
  const to = byNumber(asked.to) ?? versions[0];
  const unknown = [asked.from, asked.to].filter((n): n is number => n !== undefined && !byNumber(n));

  let parts: DiffPart[] = [];
  let titleChange: { before: string; after: string } | null = null;
  if (from && to && from !== to) {
    const [a, b] = await Promise.all([
      revisionIdForVersion(db, item, from, from === versions[0]).then((id) => (id ? getRevision(db, id) : undefined)),
      revisionIdForVersion(db, item, to, to === versions[0]).then((id) => (id ? getRevision(db, id) : undefined)),
    ]);
    parts = cachedDifferences(`${a?.id}:${b?.id}`, a?.body ?? "", b?.body ?? "");
    if (a && b && a.title !== b.title) titleChange = { before: a.title, after: b.title };
  }
  const today = ukTodayIso();
  const describe = (v: typeof from) =>
    v
      ? { version: v.version, effectiveOn: v.effectiveOn, upcoming: v.effectiveOn > today, whatChanged: v.whatChanged, isMaterial: v.isMaterial === 1 }
      : null;
  // What changed in each version between the two, so the plain-English summaries sit beside the detail.
  const lo = Math.min(from?.version ?? 0, to?.version ?? 0);
  const hi = Math.max(from?.version ?? 0, to?.version ?? 0);
  return json({
    policy: { slug: item.slug, title: item.title, reference: item.reference },
    versions: versions.map((v) => v.version),
    from: describe(from),
    to: describe(to),
    unknown,
    between: versions
      .filter((v) => v.version > lo && v.version <= hi)
      .map(describe)
      .reverse(),
    parts,
    titleChange,
    changed: parts.some((p) => p.added || p.removed),
  });
}

export default function ComparePolicyVersions() {
  const data = useLoaderData<typeof loader>();
  const { policy, from, to } = data;
  const base = `/policies/${policy.slug}`;
  return (
    <>
      <Breadcrumbs items={[{ label: "Policies", to: "/policies" }, { label: policy.title, to: base }, { label: "Compare versions" }]} />
      <h1>
        Changes to {policy.title}
        {policy.reference ? <span className="muted"> ({policy.reference})</span> : null}
      </h1>
      {data.unknown.length > 0 ? (
        <div className="inset" role="note">
          <p>
            This policy has no version {data.unknown.join(" or ")}
            {from && to ? `, so we are showing version ${from.version} and version ${to.version} instead` : ""}.
          </p>
        </div>
      ) : null}
      {data.versions.length < 2 || !from || !to ? (
        <p>
          This policy has only one version, so there is nothing to compare. <Link to={base}>Read the policy</Link>.
        </p>
      ) : (
        <>
          <VersionCompareForm action={`${base}/compare`} versions={data.versions} from={from.version} to={to.version} />
          {from.version === to.version ? (
            <p>You picked the same version twice. Choose two different versions to see what changed.</p>
          ) : (
            <>
              <h2>
                Version {from.version} compared with version {to.version}
              </h2>
              <p>
                Version {from.version} {from.upcoming ? "takes" : "took"} effect on <DateText value={from.effectiveOn} />. Version {to.version}{" "}
                {to.upcoming ? "takes" : "took"} effect on <DateText value={to.effectiveOn} />.
              </p>
              {data.between.length > 0 ? (
                <div className="inset">
                  <h3>What changed, in plain English</h3>
                  <ul>
                    {data.between.map((v) =>
                      v ? (
                        <li key={v.version}>
                          <strong>Version {v.version}:</strong> {v.whatChanged || "No summary given."}
                          {v.isMaterial ? " (important change)" : ""}
                        </li>
                      ) : null,
                    )}
                  </ul>
                </div>
              ) : null}
              <h3>Every change to the text</h3>
              <p className="diff-key">
                <ins>Added text is highlighted in green</ins> and <del>removed text in red with a line through it</del>.
                {from.version > to.version ? " You are comparing a newer version with an older one, so this shows the changes in reverse." : ""}
              </p>
              {data.titleChange ? (
                <p>
                  The title changed from &ldquo;{data.titleChange.before}&rdquo; to &ldquo;{data.titleChange.after}&rdquo;.
                </p>
              ) : null}
              {data.changed ? (
                <DiffView parts={data.parts} label={`Changes from version ${from.version} to version ${to.version}`} />
              ) : (
                <p>The text of the two versions is the same.</p>
              )}
            </>
          )}
          <p>
            <Link to={base}>Back to {policy.title}</Link>
          </p>
        </>
      )}
    </>
  );
}
