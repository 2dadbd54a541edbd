/**
 * In-process notifications between parts that must not import each other: commands say
 * "these items changed" after their transaction commits; the search index, caches and
 * delivery listen. Listeners run after the caller continues and their errors are logged,
 * never thrown back into the write that caused them.
 */
import { log } from "./log.server";

type ContentChanged = { itemIds: number[]; reason: "import" | "publish" | "edit" | "archive" | "schedule" | "restore" | "audience" };
type Listener = (event: ContentChanged) => void | Promise<void>;

const listeners = new Set<Listener>();

export function onContentChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitContentChanged(event: ContentChanged): void {
  if (event.itemIds.length === 0) return;
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
