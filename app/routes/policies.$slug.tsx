import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { EditLink } from "~/components/EditLink";
import { editHrefFor } from "~/utils/edit-link.server";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { AudienceRow } from "~/components/AudienceText";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { AcknowledgeButton } from "~/components/delivery/AcknowledgeButton";
import { DateText } from "~/components/DateText";
import { itemHref } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { DocumentList } from "~/components/DocumentList";
import { documentEntries } from "~/commands/attachments.server";
import { itemPageRows, relatedPagesFor } from "~/presenters/item-page.server";
import { VersionCompareForm } from "~/components/VersionCompareForm";
import { revisionIdForVersion } from "~/models/policy.server";
import { getRevision } from "~/models/revision.server";
import { itemBodyForViewer } from "~/presenters/item-body.server";
import { loadAcknowledgeState } from "~/presenters/delivery.server";
import { recordItemView } from "~/models/reach.server";
import { namesByEmail } from "~/models/user.server";
import { positiveIntParam, slugFromParams } from "~/schemas/reading-query";
import { canSeeItem } from "~/access/audience.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { requireReaderOfItem } from "~/commands/public-pages.server";
import { notFound } from "~/utils/http.server";
import { PageFeedback } from "~/components/knowledge/PageFeedback";
import { getItemCorrections } from "~/commands/corrections.server";
import { CorrectionNotice } from "~/components/conversations/Corrections";

import { getFeedbackPanel } from "~/commands/feedback.server";
import { ScrollTable } from "~/components/ScrollTable";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? (data.shown.isCurrent ? data.policy.title : `${data.policy.title}, version ${data.shown.version}`) : "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireReaderOfItem(request, "policy", slugFromParams(params.slug));
  const url = new URL(request.url);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  // The item's own rows, kept until the change feed moves (decision 245); who may read is asked here, every time.
  const page = slug ? await itemPageRows(db, "policy", slug, user.sight) : null;
  if (!page || !canSeeItem(user, page.facts)) throw notFound();
  const { item, facts, versions, department, tags } = page;

  recordItemView(item.id, user.departmentId);
  const current = versions[0];
  const requestedNumber = positiveIntParam(url, "version");
  const requested = requestedNumber !== undefined ? versions.find((v) => v.version === requestedNumber) : undefined;
  const shown = requested ?? current;
  const isCurrent = !current || shown === current;

  // The current version's text is kept with the page; an earlier one is read when asked for.
  const revisionId = isCurrent ? page.revision?.id : await revisionIdForVersion(db, item, shown, isCurrent);
  const revision = isCurrent ? page.revision : revisionId ? await getRevision(db, revisionId) : undefined;

  const [acknowledge, body, names, related] = await Promise.all([
    loadAcknowledgeState(db, user.id, item, current?.version ?? null),
    itemBodyForViewer(db, revision, user),
    namesByEmail(db, item.ownerEmail ? [item.ownerEmail] : []),
    relatedPagesFor(db, item.id, user),
  ]);
  const today = ukTodayIso();
  // When the newest version has not taken effect yet, the one before it still applies.
  const inForce = versions.find((v) => v.effectiveOn <= today) ?? null;
  const audience = { kind: facts.audience, departments: page.audienceDepartmentNames, roles: facts.audienceRoles };
  return json({
    editHref: editHrefFor(user, item),
    documents: documentEntries(page.attachments),
    feedback: await getFeedbackPanel(user, item),
    corrections: await getItemCorrections(db, user, item),
    acknowledge,
    csrfToken: user.csrfToken,
    audience,
    policy: {
      slug: item.slug,
      title: revision?.title ?? item.title,
      summary: item.summary,
      reference: item.reference,
      ownerName: item.ownerEmail ? names.get(item.ownerEmail.toLowerCase()) ?? null : null,
      ownerEmail: item.ownerEmail,
      expired: item.status === "expired",
    },
    department: department ? { slug: department.slug, name: department.name } : null,
    shown: {
      version: shown?.version ?? null,
      isCurrent,
      effectiveOn: shown?.effectiveOn ?? null,
      approvalRef: shown?.approvalRef ?? "",
      whatChanged: shown?.whatChanged ?? "",
      isMaterial: shown?.isMaterial === 1,
      upcoming: !!shown && shown.effectiveOn > today,
    },
    missingVersion: requestedNumber !== undefined && !requested ? requestedNumber : null,
    currentVersion: current?.version ?? null,
    inForceVersion: inForce && current && inForce !== current ? { version: inForce.version, effectiveOn: inForce.effectiveOn } : null,
    versions: versions.map((v) => ({
      version: v.version, effectiveOn: v.effectiveOn, whatChanged: v.whatChanged, isMaterial: v.isMaterial === 1,
      approvalRef: v.approvalRef, publishedAt: v.publishedAt,
    })),
    html: body.html,
    tags,
    related: related.map((r) => ({ type: r.type, slug: r.slug, title: r.title })),
  });
}

export default function Policy() {
  const data = useLoaderData<typeof loader>();
  const { policy, shown, versions } = data;
  const base = `/policies/${policy.slug}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Policies", to: "/policies" },
          ...(shown.isCurrent ? [{ label: policy.title }] : [{ label: policy.title, to: base }, { label: `Version ${shown.version}` }]),
        ]}
      />
      <p className="item-meta">
        Policy{policy.reference ? ` ${policy.reference}` : ""}
        {shown.version ? ` · Version ${shown.version}` : ""}
      </p>
      <h1>{policy.title}</h1>
      <CorrectionNotice data={data.corrections} />
      <EditLink href={useLoaderData<typeof loader>().editHref} noun="policy" />
      {data.missingVersion ? (
        <div className="inset" role="note">
          <p>There is no version {data.missingVersion} of this policy, so we are showing the current version.</p>
        </div>
      ) : null}
      {!shown.isCurrent ? (
        <div className="banner banner--need-to-know" role="note" aria-labelledby="old-version-heading">
          <h2 id="old-version-heading">This is not the current version</h2>
          <p>
            You are reading version {shown.version}, which took effect on <DateText value={shown.effectiveOn} />. The current
            version is version {data.currentVersion}. <Link to={base}>Read the current version</Link>.
          </p>
        </div>
      ) : null}
      {shown.isCurrent && shown.upcoming ? (
        <div className="banner banner--need-to-know" role="note" aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">This version takes effect on <DateText value={shown.effectiveOn} /></h2>
          {data.inForceVersion ? (
            <p>
              Until then, version {data.inForceVersion.version} applies.{" "}
              <Link to={`${base}?version=${data.inForceVersion.version}`}>Read version {data.inForceVersion.version}</Link>.
            </p>
          ) : (
            <p>Until then, this policy does not apply yet.</p>
          )}
        </div>
      ) : null}
      {policy.expired ? (
        <div className="inset" role="note">
          <p>This policy has been withdrawn. It is kept here for reference.</p>
        </div>
      ) : null}
      {policy.summary ? <p className="lede">{policy.summary}</p> : null}
      <dl className="summary-list">
        {policy.reference ? (
          <>
            <dt>Reference</dt>
            <dd>{policy.reference}</dd>
          </>
        ) : null}
        {shown.version ? (
          <>
            <dt>{shown.isCurrent ? "Current version" : "Version"}</dt>
            <dd>{shown.version}</dd>
          </>
        ) : null}
        {shown.effectiveOn ? (
          <>
            <dt>{shown.upcoming ? "Takes effect" : "Effective from"}</dt>
            <dd>
              <DateText value={shown.effectiveOn} />
            </dd>
          </>
        ) : null}
        {shown.approvalRef ? (
          <>
            <dt>Approved by</dt>
            <dd>{shown.approvalRef}</dd>
          </>
        ) : null}
        {policy.ownerEmail ? (
          <>
            <dt>Policy owner</dt>
            <dd>
              <a href={`mailto:${policy.ownerEmail}`}>{policy.ownerName ?? policy.ownerEmail}</a>
            </dd>
          </>
        ) : null}
        {data.department ? (
          <>
            <dt>Department</dt>
            <dd>
              <Link to={`/departments/${data.department.slug}`}>{data.department.name}</Link>
            </dd>
          </>
        ) : null}
        <AudienceRow audience={data.audience} />
      </dl>
      {shown.version ? (
        <div className="inset what-changed">
          <h2>What changed in version {shown.version}</h2>
          {shown.isMaterial ? (
            <p>
              <strong className="tag">Important change</strong> Staff this policy applies to are asked to read it again.
            </p>
          ) : null}
          <p>{shown.whatChanged || (shown.version === 1 ? "This is the first version of this policy." : "No summary was given.")}</p>
        </div>
      ) : null}
      <RichText html={data.html} />
      <DocumentList documents={data.documents} />
      {shown.isCurrent ? <AcknowledgeButton state={data.acknowledge} csrfToken={data.csrfToken} redirectTo={base} /> : null}

      {versions.length > 0 ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Version history</h2>
          <ScrollTable caption="Every version of this policy, newest first" captionHidden className="version-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Effective from</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} className={v.version === shown.version ? "version-table__shown" : undefined}>
                  <th scope="row" data-label="Version">
                    {v.version === shown.version ? (
                      <span>{v.version}</span>
                    ) : (
                      <Link to={v.version === data.currentVersion ? base : `${base}?version=${v.version}`}>
                        <span className="visually-hidden">Read version </span>
                        {v.version}
                      </Link>
                    )}
                    {v.version === data.currentVersion ? <span className="version-table__note">Current</span> : null}
                    {v.version === shown.version ? <span className="version-table__note">On this page</span> : null}
                  </th>
                  <td data-label="Effective from">
                    <DateText value={v.effectiveOn} />
                  </td>
                  <td data-label="What changed">
                    {v.isMaterial ? (
                      <>
                        <strong className="tag">Important change</strong>{" "}
                      </>
                    ) : null}
                    {v.whatChanged || (v.version === 1 ? "First version." : "No summary given.")}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {versions.length > 1 ? (
            <VersionCompareForm
              action={`${base}/compare`}
              versions={versions.map((v) => v.version)}
              from={versions[1].version}
              to={versions[0].version}
            />
          ) : null}
        </section>
      ) : null}

      {data.related.length > 0 || data.tags.length > 0 ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Related</h2>
          {data.related.length > 0 ? (
            <ul className="link-list">
              {data.related.map((r) => (
                <li key={`${r.type}:${r.slug}`}>
                  <Link to={itemHref(r)}>{r.title}</Link>
                </li>
              ))}
            </ul>
          ) : null}
          {data.tags.length > 0 ? <p className="muted">Topics: {data.tags.join(", ")}</p> : null}
        </section>
      ) : null}
      <PageFeedback data={data.feedback} csrfToken={data.csrfToken} />
    </>
  );
}
