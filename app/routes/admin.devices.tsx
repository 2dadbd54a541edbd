/**
 * /admin/devices: mark this browser as a shared device (a depot tablet, a kiosk PC), list
 * shared devices, change their idle time-out, revoke them (decision 121).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextField } from "~/components/FormFields";
import { changeSharedDeviceIdle, DEFAULT_IDLE_MINUTES, markSharedDevice, revokeDevice } from "~/commands/shared-devices.server";
import { listSharedDevices } from "~/models/shared-device.server";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { DEVICE_COOKIE_DAYS, deviceCookie, sharedDeviceOf } from "~/utils/shared-device.server";

export const meta: MetaFunction = () => [{ title: "Shared devices – Administration – Riverside intranet" }];

const idle = z
  .string({ required_error: "Enter the minutes" })
  .trim()
  .regex(/^\d{1,2}$/, "Enter the minutes as a whole number from 1 to 60")
  .transform(Number)
  .refine((n) => n >= 1 && n <= 60, "Enter the minutes as a whole number from 1 to 60");
const MarkSchema = z.object({ label: z.string().trim().min(1, "Enter a name for this device, like Depot tablet 2").max(80, "Name must be 80 characters or fewer"), idleMinutes: idle });
const IdleSchema = z.object({ id: z.string().regex(/^\d{1,9}$/).transform(Number), idleMinutes: idle });
const RevokeSchema = z.object({ id: z.string().regex(/^\d{1,9}$/).transform(Number) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "settings");
  const here = await sharedDeviceOf(request);
  const devices = await listSharedDevices(await getDb());
  return json({
    csrfToken: user.csrfToken, thisDevice: here?.id ?? null, cookieDays: DEVICE_COOKIE_DAYS, defaultIdle: DEFAULT_IDLE_MINUTES,
    devices: devices.map((d) => ({ ...d, createdAt: formatDateTime(d.createdAt), lastSeenAt: d.lastSeenAt ? formatDateTime(d.lastSeenAt) : null })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "settings");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  if (values.intent === "mark") {
    const parsed = MarkSchema.safeParse(values);
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
    const id = await markSharedDevice(user, parsed.data.label, parsed.data.idleMinutes);
    return redirect("/admin/devices?marked=1", { headers: { "Set-Cookie": await deviceCookie(request, id) } });
  }
  if (values.intent === "idle") {
    const parsed = IdleSchema.safeParse(values);
    if (!parsed.success) return json({ errors: { form: fieldErrors(parsed.error).idleMinutes ?? "Choose a device" }, values }, { status: 400 });
    if (!(await changeSharedDeviceIdle(user, parsed.data.id, parsed.data.idleMinutes))) throw new Response("No such device", { status: 404 });
    return redirect("/admin/devices");
  }
  if (values.intent === "revoke") {
    const parsed = RevokeSchema.safeParse(values);
    if (!parsed.success) return json({ errors: { form: "Choose a device" }, values }, { status: 400 });
    if (!(await revokeDevice(user, parsed.data.id))) throw new Response("No such device", { status: 404 });
    return redirect("/admin/devices");
  }
  return json({ errors: { form: "Choose what to do" }, values }, { status: 400 });
}

export default function SharedDevices() {
  const { csrfToken, devices, thisDevice, cookieDays, defaultIdle } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Shared devices" }]} />
      <h1>Shared devices</h1>
      <p>
        A shared device is a tablet or PC that several people use in turn. On it, people sign in with their employee number and PIN, are signed out after a
        few minutes without use or when they press “Done”, and nothing of theirs is kept for the next person.
      </p>
      <ErrorSummary errors={errors} fields={["label", "idleMinutes"]} />
      {thisDevice ? (
        <p className="inset">This browser is a shared device. To sign in here as an admin again later, use your password: a PIN works only on shared devices.</p>
      ) : (
        <>
          <h2>Mark this browser as a shared device</h2>
          <p>Open this page on the device itself. It keeps the mark for {cookieDays} days; mark it again after that, or if its browser data is cleared.</p>
          <Form method="post" noValidate className="two-thirds">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="mark" />
            <TextField name="label" label="Name of the device" hint="So you can tell it apart in the list, like Depot tablet 2" maxLength={80} defaultValue={values.label} error={errors.label} />
            <TextField name="idleMinutes" label="Sign people out after this many minutes without use" width="short" defaultValue={values.idleMinutes ?? String(defaultIdle)} error={errors.idleMinutes} />
            <button type="submit" className="button">Mark as shared</button>
          </Form>
        </>
      )}
      <h2>Devices</h2>
      {devices.length === 0 ? (
        <p>No device has been marked as shared.</p>
      ) : (
        <ul className="item-list">
          {devices.map((d) => (
            <li key={d.id}>
              <h3>
                {d.label}
                {d.id === thisDevice ? " (this browser)" : ""}
                {d.revokedAt ? " (revoked)" : ""}
              </h3>
              <p>
                Marked {d.createdAt}
                {d.createdByName ? ` by ${d.createdByName}` : ""}. Signs people out after {d.idleMinutes} {d.idleMinutes === 1 ? "minute" : "minutes"} without use.
              </p>
              {d.revokedAt ? null : (
                <div className="button-row">
                  <Form method="post" className="inline-form">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="intent" value="idle" />
                    <input type="hidden" name="id" value={d.id} />
                    <label htmlFor={`idle-${d.id}`}>Minutes</label>{" "}
                    <input id={`idle-${d.id}`} name="idleMinutes" className="input--short" defaultValue={String(d.idleMinutes)} inputMode="numeric" />{" "}
                    <button type="submit" className="button button--secondary">Change</button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={d.id} />
                    <button type="submit" className="button button--warning">Revoke: no longer shared</button>
                  </Form>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
