/**
 * A pass that runs now and then every `intervalMs` (a relay, a scheduler), one
 * pass at a time per instance: an on-demand `runOnce()` waits for the pass in
 * flight instead of overlapping it, and `stop()` waits for it to finish.
 */
export class PollingLoop<R> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R> | undefined;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<R>,
    private readonly onError: (error: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts polling; an interval of 0 leaves it to `runOnce()` (tests, the demo). */
  start(intervalMs: number): void {
    if (intervalMs > 0) this.schedule(0, intervalMs);
  }

  async runOnce(): Promise<R> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number, intervalMs: number): void {
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch(this.onError)
        .finally(() => {
          if (!this.stopped) this.schedule(intervalMs, intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
