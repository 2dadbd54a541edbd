/**
 * The lookup shared by the process-wide caches of loaded answers (the audience cache, the
 * directory cache): a kept promise is a hit; on a miss the cache's own bounds run first
 * (`beforeKeep` may empty `entries`), then the load is kept at once, so pages asking at the
 * same moment share it. A load that fails is not kept: the next page asks again.
 */
export function keptOrLoad<T>(
  entries: Map<string, Promise<unknown>>,
  key: string,
  counter: { hits: number; lookups: number },
  load: () => Promise<T>,
  beforeKeep: () => void,
): Promise<T> {
  counter.lookups++;
  const found = entries.get(key) as Promise<T> | undefined;
  if (found) {
    counter.hits++;
    return found;
  }
  beforeKeep();
  const loading = load();
  entries.set(key, loading);
  loading.catch(() => entries.get(key) === loading && entries.delete(key));
  return loading;
}
