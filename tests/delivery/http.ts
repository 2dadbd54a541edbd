/** Calling routes as a signed-in person would: GET loaders, POST forms with the session's CSRF token. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;
export type Result = { status: number; location: string | null; body: string; json: () => any; headers: Headers };

async function call(handler: Handler, request: Request, params: Record<string, string>): Promise<Result> {
  let res: Response;
  try {
    res = await handler({ request, params, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    res = thrown;
  }
  const body = await res.text();
  return { status: res.status, location: res.headers.get("location"), body, json: () => JSON.parse(body), headers: res.headers };
}

export async function session(userId: number) {
  const { token, csrfToken } = await createSession(userId);
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    csrfToken,
    get: (handler: Handler, url: string, params: Record<string, string> = {}) =>
      call(handler, new Request(new URL(url, "http://localhost"), { headers: { cookie } }), params),
    post: (handler: Handler, url: string, fields: Record<string, string>, params: Record<string, string> = {}, opts: { csrf?: boolean } = {}) =>
      call(
        handler,
        new Request(new URL(url, "http://localhost"), {
          method: "POST",
          headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ ...(opts.csrf === false ? {} : { csrf: csrfToken }), ...fields }),
        }),
        params,
      ),
    /** A multipart POST, as a form with a file input sends it. */
    postFiles: (handler: Handler, url: string, fields: Record<string, string>, files: { field: string; fileName: string; bytes: Buffer }[], params: Record<string, string> = {}) => {
      const form = new FormData();
      form.set("csrf", csrfToken);
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)]), f.fileName);
      return call(handler, new Request(new URL(url, "http://localhost"), { method: "POST", headers: { cookie, origin: "http://localhost" }, body: form }), params);
    },
  };
}

export function anonymous(handler: Handler, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  return call(handler, new Request(new URL(url, "http://localhost"), init), params);
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into records keyed by the header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
}
