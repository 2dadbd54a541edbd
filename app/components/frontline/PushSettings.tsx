/**
 * Notifications on /me (decision 125). The list of devices and "Remove" are plain HTML
 * forms; turning notifications on needs the browser's PushManager, so that part is done by
 * the page's small script (public/enhance.js, decision 215) where the browser can receive
 * them: it shows the part of the switch that fits ([data-push-state]) and the page says
 * plainly when it cannot. The page never carries endpoints: the script finds "this device"
 * by the SHA-256 of its endpoint.
 */
import { formatDate, formatDateTime } from "~/utils/dates";

export type PushDevice = { id: number; createdAt: string; lastSentAt: string | null; endpointHash: string };

export function PushSettings({
  publicKey, csrfToken, devices, shared,
}: { publicKey: string; csrfToken: string; devices: PushDevice[]; shared: boolean }) {
  return (
    <section aria-labelledby="notifications">
      <h2 id="notifications">Notifications on your phone or computer</h2>
      <p>
        Get a notification when there is an urgent notice, or something you must read and confirm. It shows only the title; open it to read the
        notice on the intranet.
      </p>
      {shared ? (
        <p className="inset">This is a shared device: notifications are not offered here. Turn them on from your own phone.</p>
      ) : (
        <div aria-live="polite" data-push-switch="" data-public-key={publicKey} data-csrf={csrfToken} data-known={devices.map((d) => d.endpointHash).join(",")}>
          <p className="inset" data-push-state="checking">
            Turning notifications on needs a browser that can receive them, with JavaScript switched on. If no button appears here, notifications are
            not available in this browser; urgent notices and things to confirm are always on your home page.
          </p>
          <p className="inset" data-push-state="unsupported" hidden>
            Notifications are not available in this browser (it cannot receive push notifications from the intranet). Urgent notices and things to
            confirm are always on your home page. On a phone, adding the intranet to your home screen may make them available.
          </p>
          <p className="inset" data-push-state="denied" hidden>
            Notifications from the intranet are blocked in this browser’s settings. Allow them there for this site, then come back to this page.
          </p>
          <div data-push-state="off" hidden>
            <button type="button" className="button" data-push-on="">
              Turn on notifications on this device
            </button>
          </div>
          <div data-push-state="on" hidden>
            <p>Notifications are on for this device.</p>
            <button type="button" className="button button--secondary" data-push-off="">
              Turn off notifications on this device
            </button>
          </div>
          <p className="field-error" role="alert" data-push-message="" hidden />
        </div>
      )}
      {devices.length > 0 ? (
        <>
          <h3>Devices getting notifications</h3>
          <ul className="item-list">
            {devices.map((d) => (
              <li key={d.id} data-endpoint-hash={d.endpointHash}>
                <p>Added {formatDate(d.createdAt)}</p>
                <p className="item-meta">{d.lastSentAt ? `Last notification ${formatDateTime(d.lastSentAt)}` : "No notification sent yet"}</p>
                <form method="post" action="/me/push">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={d.id} />
                  <button type="submit" className="button button--secondary">
                    Remove<span className="visually-hidden"> the device added {formatDate(d.createdAt)}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : shared ? null : (
        <p className="muted">No device of yours gets notifications yet.</p>
      )}
    </section>
  );
}
