/** /admin/channels/:id: rename a channel, make it mandatory, or archive it (never deleted). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ArchiveForm, RenameForm, UnitHeading } from "~/components/admin/OrganisationUnit";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, CsrfField, ErrorSummary, TextField, useClientCheck } from "~/components/FormFields";
import { archiveChannel, updateChannel } from "~/commands/organisation.server";
import { maskWebhookUrl, setTeamsWebhook } from "~/commands/teams.server";
import { getChannelWebhook } from "~/models/outbox.server";
import { findChannelForAdmin } from "~/models/organisation-admin.server";
import { RenameChannelSchema } from "~/schemas/admin";
import { idParam, requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.channel.name ?? "Channel"} – Administration – Riverside intranet` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "channel");
  const id = idParam(params.id);
  const channel = await findChannelForAdmin(await getDb(), id);
  if (!channel) throw notFound("There is no channel with that number.");
  const teamsWebhook = maskWebhookUrl(await getChannelWebhook(await getDb(), id));
  return json({ csrfToken: user.csrfToken, channel, teamsWebhook, created: new URL(request.url).searchParams.get("created") === "1" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "channel");
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (!(await findChannelForAdmin(await getDb(), id))) throw notFound("There is no channel with that number.");
  const values = formFields(form);
  if (values.intent === "rename") {
    const parsed = RenameChannelSchema.safeParse(values);
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values, done: null }, { status: 400 });
    const result = await updateChannel(user, id, parsed.data);
    return result.ok ? json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, done: "Saved." }) : json({ errors: result.errors, values, done: null }, { status: 400 });
  }
  if (values.intent === "teams") {
    const result = await setTeamsWebhook(user, id, values.teamsWebhookUrl ?? "");
    return result.ok
      ? json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, done: values.teamsWebhookUrl?.trim() ? "Teams posting is on." : "Teams posting is off." })
      : json({ errors: result.errors, values, done: null }, { status: 400 });
  }
  if (values.intent === "archive" || values.intent === "restore") {
    const result = await archiveChannel(user, id, values.intent === "archive");
    return result.ok
      ? json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, done: values.intent === "archive" ? "Archived." : "Restored." })
      : json({ errors: result.errors, values: {}, done: null }, { status: 400 });
  }
  throw badRequest("We did not understand that request.");
}

export default function AdminChannel() {
  const { channel, csrfToken, created, teamsWebhook } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(RenameChannelSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const done = data?.done ?? (created ? "Channel added." : null);
  const mandatory = data?.values && "name" in values ? values.isMandatory === "on" : !!channel.isMandatory;
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Channels", to: "/admin/channels" }, { label: channel.name }]} />
      <UnitHeading name={channel.name} archivedAt={channel.archivedAt} done={done} />
      <ErrorSummary errors={errors} fields={["name", "description", "teamsWebhookUrl"]} />
      <dl className="summary-list">
        <dt>Web address</dt>
        <dd>/channels/{channel.slug}</dd>
        <dt>Department</dt>
        <dd>{channel.departmentName ?? "Council-wide"}</dd>
        <dt>Items</dt>
        <dd>{channel.items}</dd>
        {channel.archivedAt ? (
          <>
            <dt>Archived</dt>
            <dd>{formatDateTime(channel.archivedAt)}</dd>
          </>
        ) : null}
      </dl>
      <RenameForm csrfToken={csrfToken} current={channel} values={values} errors={errors} onSubmit={check.onSubmit}>
        <Checkbox name="isMandatory" label="Everyone in its audience follows it and cannot unfollow" defaultChecked={mandatory} />
      </RenameForm>
      <h2 id="teams">Microsoft Teams</h2>
      <p>
        {teamsWebhook
          ? `New items for everyone posted in this channel also go to Teams (${teamsWebhook}).`
          : "New items posted in this channel can also go to a Teams channel. In Teams, add an incoming webhook to the channel and paste its address here."}{" "}
        Only items for everyone are posted, with their title, summary and a link.
      </p>
      <Form method="post" noValidate className="two-thirds" aria-labelledby="teams">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="teams" />
        <TextField
          name="teamsWebhookUrl" label={teamsWebhook ? "New webhook address (leave empty to stop posting)" : "Webhook address"} type="url"
          maxLength={2000} defaultValue={values.teamsWebhookUrl ?? ""} error={errors.teamsWebhookUrl} autoComplete="off" spellCheck={false}
        />
        <button type="submit" className="button button--secondary">
          Save Teams setting
        </button>
      </Form>
      <ArchiveForm
        csrfToken={csrfToken} kind="channel" archivedAt={channel.archivedAt}
        blockedBecause={channel.isDefault && !channel.archivedAt ? "This is its department’s default channel, so it stays open while the department does." : null}
        explanation={
          channel.archivedAt
            ? "Restoring lets staff follow the channel and editors post in it again."
            : "Archiving stops new posts and hides the channel from lists. Its items stay readable; nothing is deleted."
        }
      />
    </>
  );
}
