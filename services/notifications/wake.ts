/**
 * How the dispatcher's loops wait without spinning: a timed wait that ends early when something
 * happens (work enqueued, a queue running low, a stop), and a wait for room in the window of
 * sends whose outcome is not stored yet.
 */
export class Wake {
  private readonly idlers = new Set<() => void>();
  private readonly roomWaiters = new Set<() => void>();

  /** Ends every wait now. */
  all(): void {
    for (const w of [...this.idlers]) w();
    this.roomFreed();
  }

  /** A send's outcome was stored: pacers waiting for room look again. */
  roomFreed(): void {
    for (const w of [...this.roomWaiters]) w();
    this.roomWaiters.clear();
  }

  /** Resolves at the next `roomFreed` or `all`. */
  room(): Promise<void> {
    return new Promise((resolve) => this.roomWaiters.add(resolve));
  }

  /** Resolves after `ms`, or at the next `all`. */
  idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.idlers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.idlers.add(done);
    });
  }
}
