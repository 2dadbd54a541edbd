/**
 * Outgoing email over SMTP (nodemailer), configured by SMTP_* and MAIL_FROM. Messages
 * are never sent from a request: commands put them in the outbox and the delivery worker
 * calls `sendMail` (commands/deliver.server.ts). Also the plain-text + HTML layout every
 * message shares, and the signed tokens behind one-click unsubscribe links.
 */
import crypto from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";
import { inlineMarkdownToHtml, inlineMarkdownToText } from "./markdown.server";

export function isMailConfigured(): boolean {
  return !!getEnv().SMTP_HOST;
}

/**
 * Settings that let email go out but make it wrong: said once at start-up (a warning in
 * the log) and on the admin home page, in the same words.
 */
export function mailSettingWarnings(): string[] {
  const env = getEnv();
  if (!env.SMTP_HOST || env.PUBLIC_URL) return [];
  return [
    `PUBLIC_URL is not set, so links in emails (and their unsubscribe links) point to ${publicBaseUrl()}, which staff cannot open. ` +
      "Set PUBLIC_URL to the address staff use, for example https://intranet.riverside.gov.uk.",
  ];
}

let transport: { key: string; transporter: Transporter } | undefined;

function getTransport(): Transporter {
  const env = getEnv();
  if (!env.SMTP_HOST) throw new Error("SMTP_HOST is not set");
  const key = JSON.stringify([env.SMTP_HOST, env.SMTP_PORT, env.SMTP_SECURE, env.SMTP_USER, env.SMTP_PASS]);
  if (transport?.key !== key) {
    transport?.transporter.close();
    transport = {
      key,
      transporter: nodemailer.createTransport({
        host: env.SMTP_HOST,
        port: env.SMTP_PORT,
        secure: env.SMTP_SECURE === "true",
        auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? "" } : undefined,
        // Fail fast when the server is down: the outbox retries later.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return transport.transporter;
}

/** Closes pooled connections (shutdown, tests). */
export function closeMailTransport(): void {
  transport?.transporter.close();
  transport = undefined;
}

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row, so a message retried after a crash mid-send can be recognised as the same one. */
  messageId: string;
  unsubscribeUrl?: string;
};

/** Sends one message; throws if the server does not accept it (the caller retries later). */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const env = getEnv();
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  if (mail.unsubscribeUrl) {
    // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
    headers["List-Unsubscribe"] = `<${mail.unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  const info = await getTransport().sendMail({
    from: env.MAIL_FROM,
    to: mail.to,
    // Subjects carry item titles, which may be written in Markdown: the subject line is plain text.
    subject: inlineMarkdownToText(mail.subject, { withUrls: false }),
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers,
  });
  const rejected = info.rejected ?? [];
  if (rejected.length > 0) throw new Error(`Rejected by the mail server: ${rejected.join(", ")}`);
}

/** The intranet's own address for links in mail and feeds. */
export function publicBaseUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

export function absoluteUrl(path: string): string {
  return `${publicBaseUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}

export function messageIdFor(key: string): string {
  return `<${key}@${new URL(publicBaseUrl()).hostname || "intranet"}>`;
}

/* ---- One layout for every message: plain text and HTML from the same parts ---- */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export type MailItem = { title: string; url: string; summary: string; note?: string };

export type MailContent = {
  heading: string;
  intro: string[];
  items: MailItem[];
  /** Optional tables of figures (summaries). */
  tables?: { caption: string; head: string[]; rows: (string | number)[][] }[];
  /** One call to action. */
  action?: { text: string; url: string };
  /** Why the person is getting this message, in plain words. */
  reason: string;
  unsubscribe?: { url: string; label: string };
};

/**
 * Headings, sentences, titles, summaries, notes and table cells may hold Markdown (titles
 * and summaries are written by people): the text part gets plain text (links as
 * "text (url)"), the HTML part safe inline HTML (decision 078).
 */
const asText = (markdown: string | number) => inlineMarkdownToText(String(markdown), { absoluteUrl });
const asHtml = (markdown: string | number) => inlineMarkdownToHtml(String(markdown), { absoluteUrl });
/** Text inside a link or the document title: no addresses. */
const asLabel = (markdown: string) => escapeHtml(inlineMarkdownToText(markdown, { withUrls: false }));

export function renderMail(content: MailContent): { text: string; html: string } {
  const council = getEnv().COUNCIL_NAME;
  const text = [
    asText(content.heading),
    "",
    ...content.intro.flatMap((p) => [asText(p), ""]),
    ...content.items.flatMap((item) => [asText(item.title), ...(item.note ? [asText(item.note)] : []), asText(item.summary), item.url, ""]),
    ...(content.tables ?? []).flatMap((t) => [asText(t.caption), t.head.map(asText).join(" | "), ...t.rows.map((r) => r.map(asText).join(" | ")), ""]),
    ...(content.action ? [`${content.action.text}: ${content.action.url}`, ""] : []),
    "--",
    content.reason,
    ...(content.unsubscribe ? [`${content.unsubscribe.label}: ${content.unsubscribe.url}`] : []),
    `${council} staff intranet: ${absoluteUrl("/me")}`,
  ].join("\n");
  const items = content.items
    .map(
      (item) =>
        // The title is the link's text, so it is plain text (a link inside a link is not allowed).
        `<li style="margin:0 0 16px"><a href="${escapeHtml(item.url)}" style="font-weight:bold;color:#1d70b8">${asLabel(item.title)}</a>` +
        (item.note ? `<br><span style="color:#505a5f">${asHtml(item.note)}</span>` : "") +
        `<br>${asHtml(item.summary)}</li>`,
    )
    .join("");
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${asLabel(content.heading)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c;margin:0;padding:16px">
<h1 style="font-size:24px;margin:0 0 16px">${asHtml(content.heading)}</h1>
${content.intro.map((p) => `<p>${asHtml(p)}</p>`).join("\n")}
${items ? `<ul style="padding-left:20px">${items}</ul>` : ""}
${(content.tables ?? []).map(renderTable).join("\n")}
${content.action ? `<p><a href="${escapeHtml(content.action.url)}" style="font-weight:bold;color:#1d70b8">${escapeHtml(content.action.text)}</a></p>` : ""}
<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0">
<p style="color:#505a5f;font-size:14px">${escapeHtml(content.reason)}</p>
${content.unsubscribe ? `<p style="font-size:14px"><a href="${escapeHtml(content.unsubscribe.url)}">${escapeHtml(content.unsubscribe.label)}</a></p>` : ""}
<p style="font-size:14px"><a href="${escapeHtml(absoluteUrl("/me"))}">Change what you get from the ${escapeHtml(council)} intranet</a></p>
</body></html>`;
  return { text, html };
}

function renderTable(t: { caption: string; head: string[]; rows: (string | number)[][] }): string {
  const cell = (tag: string, v: string | number) => `<${tag} style="text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid #b1b4b6">${asHtml(v)}</${tag}>`;
  return `<table style="border-collapse:collapse;margin:0 0 16px"><caption style="text-align:left;font-weight:bold">${asHtml(t.caption)}</caption>
<thead><tr>${t.head.map((h) => cell("th", h)).join("")}</tr></thead>
<tbody>${t.rows.map((r) => `<tr>${r.map((v) => cell("td", v)).join("")}</tr>`).join("")}</tbody></table>`;
}

/* ---- Signed unsubscribe tokens: "<userId>.<list>.<hmac>" ---- */

export const MAIL_LISTS = ["digest", "alerts"] as const;
export type MailList = (typeof MAIL_LISTS)[number];

function mac(secret: string, payload: string): string {
  return crypto.createHmac("sha256", secret).update(payload).digest("base64url");
}

export function signUnsubscribeToken(secret: string, userId: number, list: MailList): string {
  const payload = `${userId}.${list}`;
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyUnsubscribeToken(secret: string, token: unknown): { userId: number; list: MailList } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const match = /^(\d{1,12})\.(digest|alerts)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(mac(secret, `${match[1]}.${match[2]}`));
  const given = Buffer.from(match[3]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return { userId: Number(match[1]), list: match[2] as MailList };
}
