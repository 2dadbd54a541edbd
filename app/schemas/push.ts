/**
 * A browser's push subscription as the page sends it (PushSubscription.toJSON(), as JSON in
 * the `subscription` form field). Anything else is refused with a plain message (400).
 */
import { z } from "zod";

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

function decodedLength(value: string): number {
  const clean = value.replace(/=+$/, "");
  return Math.floor((clean.length * 3) / 4);
}

const Keys = z.object({
  p256dh: z
    .string({ required_error: "The subscription has no p256dh key", invalid_type_error: "The p256dh key must be text" })
    .regex(base64url, "The p256dh key must be base64url text")
    .refine((v) => decodedLength(v) === 65, "The p256dh key must be a 65-byte P-256 public key"),
  auth: z
    .string({ required_error: "The subscription has no auth secret", invalid_type_error: "The auth secret must be text" })
    .regex(base64url, "The auth secret must be base64url text")
    .refine((v) => decodedLength(v) === 16, "The auth secret must be 16 bytes"),
}, { required_error: "The subscription has no keys (p256dh and auth)", invalid_type_error: "The subscription's keys must be an object" });

/** `allowLoopback`: tests' local push service on 127.0.0.1 (never in production). */
export function pushSubscriptionSchema(options: { allowLoopback: boolean }) {
  return z.object({
    endpoint: z
      .string({ required_error: "The subscription has no endpoint", invalid_type_error: "The endpoint must be text" })
      .max(2000, "The endpoint is longer than 2,000 characters")
      .refine((v) => {
        try {
          return new URL(v).protocol === "https:";
        } catch {
          return false;
        }
      }, "The endpoint must be an https:// address")
      .refine((v) => {
        if (options.allowLoopback) return true;
        try {
          const host = new URL(v).hostname;
          // Push services are named hosts on the internet: no bare addresses, no local names.
          return !(host === "localhost" || host.endsWith(".localhost") || /^[\d.]+$/.test(host) || host.startsWith("["));
        } catch {
          return false;
        }
      }, "The endpoint must be a push service's address, not a local one"),
    expirationTime: z.number().nullable().optional(),
    keys: Keys,
  });
}

export type PushSubscriptionInput = z.infer<ReturnType<typeof pushSubscriptionSchema>>;

/** Parses the `subscription` field: one plain message naming what is wrong, or the subscription. */
export function parsePushSubscription(raw: unknown, options: { allowLoopback: boolean }): { ok: true; value: PushSubscriptionInput } | { ok: false; message: string } {
  if (typeof raw !== "string" || raw.trim() === "") return { ok: false, message: "No push subscription was sent" };
  if (raw.length > 4000) return { ok: false, message: "The push subscription is longer than 4,000 characters" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: "The push subscription is not valid JSON" };
  }
  const parsed = pushSubscriptionSchema(options).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue.code === "invalid_type" && issue.path.length === 0 ? "The push subscription must be a JSON object" : issue.message;
    return { ok: false, message };
  }
  return { ok: true, value: parsed.data };
}
