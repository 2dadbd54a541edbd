/** A real SMTP server on loopback that keeps every message it receives, parsed. */
import type net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { freePort } from "../../scripts/lib/processes";

export type Received = { envelopeTo: string[]; raw: string; mail: ParsedMail; header: (name: string) => string | undefined };

export type TestSmtp = { port: number; received: Received[]; stop: () => Promise<void> };

export async function startSmtp(port = 0, received: Received[] = []): Promise<TestSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail = await simpleParser(raw);
        const lines = mail.headerLines;
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail,
          header: (name) => {
            const line = lines.find((l) => l.key === name.toLowerCase())?.line;
            return line?.slice(line.indexOf(":") + 1).trim();
          },
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.server.address() as net.AddressInfo).port;
  return { port: actual, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * For a test file (or a describe block): starts the local SMTP server before its tests, points
 * the intranet's mail settings at it, and stops it after them. `to(email)` is what reached one
 * address.
 */
export function useTestSmtp(): { readonly port: number; readonly received: Received[]; to: (email: string) => Received[] } {
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    smtp = await startSmtp();
    Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "intranet@riverside.test" });
    resetEnvForTests();
  });
  afterAll(async () => {
    closeMailTransport();
    await smtp?.stop();
  });
  const running = () => {
    if (!smtp) throw new Error("the test SMTP server starts before the tests (useTestSmtp in a beforeAll scope)");
    return smtp;
  };
  return {
    get port() { return running().port; },
    get received() { return running().received; },
    to: (email) => running().received.filter((m) => m.envelopeTo.includes(email)),
  };
}
