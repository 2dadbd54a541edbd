/**
 * Following the durable change feed (decision 090, migration 088).
 *
 * Writers do nothing: SQL triggers append a row to `change_feed` inside the writing
 * transaction. Followers (the search index, delivery) each keep a cursor in
 * `change_feed_cursors` and read the rows after it, in order, a batch at a time. A
 * follower's handler must tolerate:
 *
 * - replays: after a crash between handling a batch and saving the cursor, the batch comes
 *   again (search re-reads the items; delivery's dedupe keys drop repeated alerts);
 * - gaps: ids are increasing, not contiguous (rolled-back transactions, pruned rows);
 * - noise: a row says "this changed", not what; the handler re-reads the current state.
 *
 * The "look now" nudge is only a shortcut: after any committed write a process checks
 * whether the feed grew and, if so, wakes the followers (over IPC when it is a cluster
 * worker, since followers live in the leader). A follower that missed the nudge (a write
 * from `npm run import` in another process) finds the rows at its next poll. On PostgreSQL
 * every instance also LISTENs for the feed's NOTIFY (migration 101), so a write on another
 * instance wakes its followers at once.
 */
import { getChangeCursor, latestChangeId, listChangesAfter, pruneChanges, saveChangeCursor, type ChangeRow } from "~/models/change-feed.server";
import { onLeaderNotify, processRole } from "~/utils/cluster.server";
import { getDb, type Database } from "~/utils/db.server";
import { log } from "~/utils/log.server";

export type ChangeHandler = (rows: ChangeRow[]) => Promise<void>;

export type FollowOptions = {
  /** Poll this often even without a nudge. */
  everyMs?: number;
  /** Rows handed to the handler at once. */
  batch?: number;
  /** Where a follower that has never run starts: the newest row (default) or the first. */
  startAt?: "latest" | "beginning";
};

type Follower = {
  name: string;
  handler: ChangeHandler;
  batch: number;
  position: number;
  running: Promise<void> | null;
  again: boolean;
  stopped: boolean;
  timer: NodeJS.Timeout;
  idle: Array<{ target: number; resolve: () => void }>;
};

const followers = new Map<string, Follower>();

const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPrune = 0;

/**
 * Starts following the feed as `name` from its stored cursor. Returns the stop function,
 * which waits for the batch in hand. One follower per name per process.
 */
export async function followChanges(name: string, handler: ChangeHandler, options: FollowOptions = {}): Promise<() => Promise<void>> {
  if (followers.has(name)) throw new Error(`change-feed follower "${name}" started twice`);
  const db = await getDb();
  let position = await getChangeCursor(db, name);
  if (position === undefined) {
    position = options.startAt === "beginning" ? 0 : await latestChangeId(db);
    await saveChangeCursor(db, name, position);
  }
  const follower: Follower = {
    name,
    handler,
    batch: options.batch ?? 500,
    position,
    running: null,
    again: false,
    stopped: false,
    timer: setInterval(() => wake(follower), options.everyMs ?? 1_000),
    idle: [],
  };
  follower.timer.unref();
  followers.set(name, follower);
  watchCommits(db);
  listenForChanges(db);
  wake(follower);
  return async () => {
    follower.stopped = true;
    clearInterval(follower.timer);
    followers.delete(name);
    await follower.running;
    for (const w of follower.idle.splice(0)) w.resolve();
  };
}

/**
 * Makes sure follower `name` has a stored cursor (at the feed's end when it has none), so a
 * follower started later reads everything from this moment (boot: before the import).
 */
export async function ensureChangeCursor(name: string): Promise<void> {
  const db = await getDb();
  if ((await getChangeCursor(db, name)) === undefined) await saveChangeCursor(db, name, await latestChangeId(db));
}

function wake(f: Follower): void {
  if (f.stopped) return;
  if (f.running) {
    f.again = true;
    return;
  }
  f.running = drain(f)
    .catch((err) => log.error("change-feed follower failed; it will try again", { follower: f.name, error: String(err) }))
    .finally(() => {
      f.running = null;
      if (f.again && !f.stopped) {
        f.again = false;
        setImmediate(() => wake(f));
      }
    });
}

async function drain(f: Follower): Promise<void> {
  const db = await getDb();
  while (!f.stopped) {
    const rows = await listChangesAfter(db, f.position, f.batch);
    if (rows.length === 0) break;
    await f.handler(rows);
    f.position = rows[rows.length - 1].id;
    await saveChangeCursor(db, f.name, f.position);
    if (rows.length < f.batch) break;
  }
  for (const w of [...f.idle]) {
    if (f.position >= w.target) {
      f.idle.splice(f.idle.indexOf(w), 1);
      w.resolve();
    }
  }
  if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
    lastPrune = Date.now();
    await pruneChanges(db, new Date(Date.now() - KEEP_MS).toISOString());
  }
}

/**
 * Resolves once `f` has handled every row up to `target` (waking it to look now), or, with
 * `timeoutMs`, when that time is up, whichever comes first: true when it got there. A wait
 * that times out is taken off the follower's list, so a stuck follower gathers no waiters.
 */
function reached(f: Follower, target: number, timeoutMs?: number): Promise<boolean> {
  if (f.position >= target) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const waiter = { target, resolve: () => (clearTimeout(timer), resolve(true)) };
    f.idle.push(waiter);
    if (timeoutMs !== undefined)
      timer = setTimeout(() => {
        const at = f.idle.indexOf(waiter);
        if (at >= 0) f.idle.splice(at, 1);
        resolve(false);
      }, timeoutMs);
    wake(f);
  });
}

/**
 * Resolves once every follower running in this process has handled every change
 * committed before the call (tests, and a command-line tool that wants to wait).
 */
export async function changeFeedSettled(): Promise<void> {
  const target = await latestChangeId(await getDb());
  await Promise.all([...followers.values()].map((f) => reached(f, target)));
}

/**
 * Waits until follower `name` (running in this process) has handled every change committed
 * before the call, or up to `target` when the caller already read the newest id (a page's
 * session statement does), for at most `timeoutMs`. Returns whether it caught up. Search
 * asks this before answering, so totals, facets and suggestions never count a change it
 * has not applied yet (a page restricted a moment ago).
 */
export async function followerCaughtUp(name: string, timeoutMs: number, target?: number): Promise<boolean> {
  const f = followers.get(name);
  if (!f) return false;
  return reached(f, target ?? (await latestChangeId(await getDb())), timeoutMs);
}

/** Says "look now" to the followers, which run in the leader (or the only process). */
const nudgeFollowers: () => void = onLeaderNotify<void>(
  "change-feed.nudge",
  () => {
    for (const f of followers.values()) wake(f);
  },
  (err) => log.error("could not nudge the change-feed followers", { error: String(err) }),
);

const listening = new WeakSet<Database>();

/**
 * On PostgreSQL, other instances' writes are announced by NOTIFY (migration 101): every
 * follower in this process looks at once. Polling (`everyMs`) stays the safety net.
 */
function listenForChanges(db: Database): void {
  if (db.dialect !== "postgres" || listening.has(db)) return;
  listening.add(db);
  db.listen("change_feed", () => {
    for (const f of followers.values()) wake(f);
  });
}

const watched = new WeakSet<Database>();

/**
 * After every committed write in this process, checks (once per burst) whether the feed
 * grew; if it did, nudges the followers. Every process that writes calls this at boot
 * (`watchChangeFeed`); followers call it themselves.
 */
function watchCommits(db: Database): void {
  if (watched.has(db)) return;
  watched.add(db);
  let seen = 0;
  let scheduled: Promise<void> | null = null;
  db.onCommit(() => {
    // One check per burst of commits; the promise lets closing the database wait for it.
    scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      scheduled = null;
      const latest = await latestChangeId(db).catch(() => seen);
      if (latest <= seen) return;
      seen = latest;
      if (processRole() === "worker" || followers.size > 0) nudgeFollowers();
    });
    return scheduled;
  });
}

/** Boot step (every process that serves pages): nudge the followers after writes here. */
export async function watchChangeFeed(): Promise<void> {
  watchCommits(await getDb());
}
