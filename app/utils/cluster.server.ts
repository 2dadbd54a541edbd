/**
 * One process per core (docs/decisions/066-one-process-per-core.md). With WORKERS > 1 the
 * server runs as a cluster:
 *
 * - the **leader** (the cluster's primary process) serves no pages. It runs everything
 *   that must happen exactly once: the content import, the scheduler, the outbox, the
 *   knowledge sweeps, and the search index (one copy in memory, not one per process);
 * - the **workers** serve HTTP. What they need from the leader they ask for through the
 *   functions made with `onLeader`: a search, or "these items changed".
 *
 * With one process (`single`, and in every unit test) a leader function is called
 * directly, so the code reads the same in both set-ups.
 *
 * Messages travel over the cluster's IPC channel with structured-clone serialisation
 * (server.js sets it up). A call the leader does not answer within CALL_TIMEOUT_MS fails
 * with an error rather than hanging the request.
 */
export type ProcessRole = "single" | "leader" | "worker";

type CallMessage = { kind: "intranet:call"; id: number; name: string; payload: unknown; reply: boolean };
type ReplyMessage = { kind: "intranet:reply"; id: number; ok: boolean; value?: unknown; error?: string };

const CALL_TIMEOUT_MS = 15_000;

let role: ProcessRole = "single";
const methods = new Map<string, (payload: never) => unknown>();
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
let nextId = 1;
let listening = false;

export function processRole(): ProcessRole {
  return role;
}

/** Set once at boot. A worker starts listening for the leader's answers. */
export function setProcessRole(next: ProcessRole): void {
  role = next;
  if (next === "worker" && !listening && typeof process.send === "function") {
    listening = true;
    process.on("message", (msg: unknown) => {
      if (!isReply(msg)) return;
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      clearTimeout(w.timer);
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new Error(msg.error ?? "the leader process failed"));
    });
  }
}

/**
 * Declares work that runs in the leader. Returns the function to call from anywhere: in
 * a worker it sends the call to the leader and waits for the answer; elsewhere it runs
 * `fn` here. Arguments and results must survive structured cloning (plain data).
 */
export function onLeader<A, R>(name: string, fn: (payload: A) => Promise<R> | R): (payload: A) => Promise<R> {
  if (methods.has(name)) throw new Error(`leader method "${name}" declared twice`);
  methods.set(name, fn as (payload: never) => unknown);
  return async (payload: A) => {
    if (role !== "worker") return fn(payload);
    return (await send(name, payload, true)) as R;
  };
}

/**
 * Like `onLeader` for news that needs no answer ("these items changed", "mail is
 * waiting"): the call returns at once and a failure is logged by `onError`.
 */
export function onLeaderNotify<A>(name: string, fn: (payload: A) => void, onError: (err: unknown) => void): (payload: A) => void {
  if (methods.has(name)) throw new Error(`leader method "${name}" declared twice`);
  methods.set(name, fn as (payload: never) => unknown);
  return (payload: A) => {
    if (role !== "worker") return fn(payload);
    send(name, payload, false).catch(onError);
  };
}

function send(name: string, payload: unknown, reply: boolean): Promise<unknown> {
  if (typeof process.send !== "function" || !process.connected) return Promise.reject(new Error("the leader process is not reachable"));
  const id = nextId++;
  const message: CallMessage = { kind: "intranet:call", id, name, payload, reply };
  return new Promise((resolve, reject) => {
    if (reply) {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the leader process did not answer "${name}" within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      timer.unref();
      waiting.set(id, { resolve, reject, timer });
    }
    process.send!(message, undefined, {}, (err) => {
      if (err) {
        const w = waiting.get(id);
        waiting.delete(id);
        if (w) clearTimeout(w.timer);
        reject(err);
      } else if (!reply) resolve(undefined);
    });
  });
}

/**
 * The leader's side: server.js hands every message from a worker here, with a way to
 * answer that worker. Unknown messages are ignored.
 */
export async function handleWorkerMessage(msg: unknown, answer: (reply: ReplyMessage) => void): Promise<void> {
  if (!isCall(msg)) return;
  const fn = methods.get(msg.name);
  try {
    if (!fn) throw new Error(`no leader method "${msg.name}"`);
    const value = await fn(msg.payload as never);
    if (msg.reply) answer({ kind: "intranet:reply", id: msg.id, ok: true, value });
  } catch (err) {
    if (msg.reply) answer({ kind: "intranet:reply", id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

function isCall(msg: unknown): msg is CallMessage {
  const m = msg as CallMessage | null;
  return !!m && m.kind === "intranet:call" && typeof m.id === "number" && typeof m.name === "string";
}

function isReply(msg: unknown): msg is ReplyMessage {
  const m = msg as ReplyMessage | null;
  return !!m && m.kind === "intranet:reply" && typeof m.id === "number";
}
