// A progress line on stderr for long interactive runs: files linted when a
// run has more than a few hundred, and the wait for deep checks when it is
// noticeable. Only on a terminal: piped or redirected stderr, --quiet and
// CI get nothing. The line is redrawn in place (`\r` + erase to end of
// line) at most every 100 ms and erased before the report prints.

export const FILE_THRESHOLD = 300;
const DEEP_WAIT_DELAY_MS = 250;
const INTERVAL_MS = 100;

export interface ProgressOptions {
  enabled: boolean;
  write: (s: string) => void;
  now?: () => number;
}

export class Progress {
  private total = 0;
  private done = 0;
  private shown = false;
  private lastDraw = -Infinity;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Progress is shown for a terminal run, unless quiet or in CI. */
  static wanted(stderrIsTTY: boolean, env: NodeJS.ProcessEnv, quiet: boolean): boolean {
    return stderrIsTTY && !quiet && !env.CI;
  }

  startFiles(total: number): void {
    this.total = total;
    this.done = 0;
  }

  /** One more file handled. */
  tick(): void {
    this.done++;
    if (!this.o.enabled || this.total <= FILE_THRESHOLD) return;
    const t = this.now();
    if (t - this.lastDraw < INTERVAL_MS && this.done < this.total) return;
    this.lastDraw = t;
    this.draw(`imagespec-lint: ${this.done}/${this.total} files`);
  }

  /**
   * Waits for the deep checks, showing how many files' checks are still
   * out once the wait has lasted DEEP_WAIT_DELAY_MS.
   */
  async track<T>(jobs: Promise<T>[], label = 'waiting on Artifact Registry'): Promise<T[]> {
    if (!this.o.enabled || !jobs.length) return Promise.all(jobs);
    let finished = 0;
    let visible = false;
    const line = (): string => `imagespec-lint: ${label} (${finished}/${jobs.length} files)`;
    const timer = setTimeout(() => {
      visible = true;
      this.draw(line());
    }, DEEP_WAIT_DELAY_MS);
    timer.unref?.();
    try {
      return await Promise.all(
        jobs.map((j) =>
          j.finally(() => {
            finished++;
            if (visible) this.draw(line());
          }),
        ),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Erases the line, if one was drawn. Call before printing the report. */
  clear(): void {
    if (this.shown) this.o.write('\r\x1b[K');
    this.shown = false;
  }

  private draw(s: string): void {
    this.o.write(`\r\x1b[K${s}`);
    this.shown = true;
  }
}
