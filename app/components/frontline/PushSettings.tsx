/**
 * Notifications on /me (decision 125). The list of devices and "Remove" are plain HTML
 * forms; turning notifications on needs the browser's PushManager, so that part is a small
 * script that runs only where the browser can receive them, and the page says plainly when
 * it cannot.
 */
import { useEffect, useState } from "react";
import { formatDate, formatDateTime } from "~/utils/dates";

export type PushDevice = { id: number; createdAt: string; lastSentAt: string | null; endpointHash: string };

type State = "checking" | "unsupported" | "denied" | "off" | "on" | "working";

async function hashOf(endpoint: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(endpoint));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  return navigator.serviceWorker.ready;
}

async function post(fields: Record<string, string>): Promise<{ ok?: boolean; error?: string }> {
  const res = await fetch("/me/push", { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" });
  return res.json().catch(() => ({ error: `The intranet answered ${res.status}.` }));
}

export function PushSettings({
  publicKey, csrfToken, devices, shared,
}: { publicKey: string; csrfToken: string; devices: PushDevice[]; shared: boolean }) {
  const [state, setState] = useState<State>("checking");
  const [thisDevice, setThisDevice] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const known = devices.map((d) => d.endpointHash).join(",");

  useEffect(() => {
    if (shared) return;
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window) || !window.isSecureContext) {
      setState("unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setState("denied");
      return;
    }
    let live = true;
    void navigator.serviceWorker
      .getRegistration("/")
      .then((reg) => reg?.pushManager.getSubscription() ?? null)
      .then(async (sub) => {
        const hash = sub ? await hashOf(sub.endpoint) : null;
        if (!live) return;
        setThisDevice(hash);
        setState(hash && known.split(",").includes(hash) ? "on" : "off");
      })
      .catch(() => live && setState("unsupported"));
    return () => {
      live = false;
    };
  }, [shared, known]);

  async function turnOn() {
    setState("working");
    setMessage(null);
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        setState("denied");
        return;
      }
      const reg = await registration();
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey /* base64url, as the Push API accepts */ });
      const answer = await post({ csrf: csrfToken, intent: "subscribe", subscription: JSON.stringify(sub.toJSON()) });
      if (answer.error) throw new Error(answer.error);
      // Reload so the list of devices (server-rendered) shows this one.
      window.location.assign("/me?saved=push-on#notifications");
    } catch (err) {
      setMessage(err instanceof Error ? err.message : "Notifications could not be turned on.");
      setState("off");
    }
  }

  async function turnOff() {
    setState("working");
    setMessage(null);
    try {
      const reg = await navigator.serviceWorker.getRegistration("/");
      const sub = await reg?.pushManager.getSubscription();
      if (sub) {
        await post({ csrf: csrfToken, intent: "remove", endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
      window.location.assign("/me?saved=push-removed#notifications");
    } catch (err) {
      setMessage(err instanceof Error ? err.message : "Notifications could not be turned off.");
      setState("on");
    }
  }

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
        <div aria-live="polite">
          {state === "checking" ? (
            <p className="inset" data-push-state="checking">
              Turning notifications on needs a browser that can receive them, with JavaScript switched on. If no button appears here, notifications
              are not available in this browser; urgent notices and things to confirm are always on your home page.
            </p>
          ) : null}
          {state === "unsupported" ? (
            <p className="inset" data-push-state="unsupported">
              Notifications are not available in this browser (it cannot receive push notifications from the intranet). Urgent notices and things to
              confirm are always on your home page. On a phone, adding the intranet to your home screen may make them available.
            </p>
          ) : null}
          {state === "denied" ? (
            <p className="inset" data-push-state="denied">
              Notifications from the intranet are blocked in this browser’s settings. Allow them there for this site, then come back to this page.
            </p>
          ) : null}
          {state === "off" || (state === "working" && !devices.some((d) => d.endpointHash === thisDevice)) ? (
            <button type="button" className="button" onClick={turnOn} disabled={state === "working"} data-push-state="off">
              Turn on notifications on this device
            </button>
          ) : null}
          {state === "on" || (state === "working" && devices.some((d) => d.endpointHash === thisDevice)) ? (
            <>
              <p data-push-state="on">Notifications are on for this device.</p>
              <button type="button" className="button button--secondary" onClick={turnOff} disabled={state === "working"}>
                Turn off notifications on this device
              </button>
            </>
          ) : null}
          {message ? (
            <p className="field-error" role="alert">
              {message}
            </p>
          ) : null}
        </div>
      )}
      {devices.length > 0 ? (
        <>
          <h3>Devices getting notifications</h3>
          <ul className="item-list">
            {devices.map((d) => (
              <li key={d.id}>
                <p>
                  Added {formatDate(d.createdAt)}
                  {d.endpointHash === thisDevice ? " (this device)" : ""}
                </p>
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
