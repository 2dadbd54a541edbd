/**
 * The write queue and commit listeners both database drivers share (db.server.ts for SQLite,
 * db-postgres.server.ts for PostgreSQL). One process's writes run one at a time, in order, so a
 * transaction never interleaves with another of the same process; after each write that
 * committed, `onCommit` listeners are called (the change feed's "look now" nudge).
 */
export type CommitListener = () => void | Promise<unknown>;

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private listeners = new Set<CommitListener>();
  /** Work listeners started after a commit (a read), waited for before closing. */
  private afterCommit = new Set<Promise<unknown>>();

  /** Runs `task` when the previous one has settled (whatever its outcome). */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs a write in the queue and, once it has committed, tells the listeners. */
  async write<T>(task: () => Promise<T>): Promise<T> {
    const result = await this.run(task);
    this.committed();
    return result;
  }

  /**
   * Calls `listener` after every write that committed. Listeners must be cheap and must not
   * throw; a promise they return is waited for by `settled` (before closing the database).
   */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private committed(): void {
    for (const listener of this.listeners) {
      try {
        const started = listener();
        if (started) {
          const tracked = started.catch(() => undefined).finally(() => this.afterCommit.delete(tracked));
          this.afterCommit.add(tracked);
        }
      } catch {
        /* a nudge that fails is caught up by the next poll */
      }
    }
  }

  /** Resolves when the work commit listeners started has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.afterCommit]);
  }
}
