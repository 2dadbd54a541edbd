/**
 * In-process notifications between parts that must not import each other: commands say
 * "these items changed" after their transaction commits; the search index, caches and
 * delivery listen. Listeners run after the caller continues and their errors are logged,
 * never thrown back into the write that caused them. In a cluster, listeners run in the
 * leader process, whichever process made the change.
 */
import { onLeaderNotify } from "./cluster.server";
import { log } from "./log.server";

export const CHANGE_REASONS = ["import", "publish", "edit", "archive", "schedule", "restore", "audience"] as const;
export type ContentChanged = { itemIds: number[]; reason: (typeof CHANGE_REASONS)[number] };
type Listener = (event: ContentChanged) => void | Promise<void>;

const listeners = new Set<Listener>();

export function onContentChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Says "these items changed". In a cluster the listeners (search index, delivery) live in
 * the leader process, so a worker passes the news on to it (app/utils/cluster.server.ts).
 */
export function emitContentChanged(event: ContentChanged): void {
  if (event.itemIds.length === 0) return;
  emitInLeader(event);
}

const emitInLeader = onLeaderNotify<ContentChanged>("content-changed", emitHere, (err) =>
  log.error("content change not passed to the leader process", { error: String(err) }),
);

function emitHere(event: ContentChanged): void {
  for (const listener of listeners) {
    queueMicrotask(async () => {
      try {
        await listener(event);
      } catch (err) {
        log.error("content-changed listener failed", { error: String(err) });
      }
    });
  }
}
