// When the language server lints a changed document: one pending lint per
// document covers every change before it runs. A change after a pause lints
// on the next turn of the event loop (typing gets diagnostics at once);
// changes that follow each other within a few milliseconds (a flood, a
// paste, a macro, a client replaying edits) are linted together a few
// milliseconds later instead of once each. Deep checks wait for their own
// delay, restarted by every change.

/** Changes closer together than this are a burst... */
const BURST_GAP_MS = 4;
/** ...linted together after this delay. */
const BURST_DELAY_MS = 8;

export class LintTimers {
  private timers = new Map<string, { timer: NodeJS.Timeout | NodeJS.Immediate; immediate: boolean }>();
  private deepTimers = new Map<string, NodeJS.Timeout>();
  private lastChange = new Map<string, number>();

  /** Lints `uri` soon (see the header); `debounceMs` > 0 is the user's fixed delay instead. */
  schedule(uri: string, debounceMs: number, lint: () => void): void {
    const now = performance.now();
    const gap = now - (this.lastChange.get(uri) ?? -Infinity);
    this.lastChange.set(uri, now);
    if (this.timers.has(uri)) return;
    const ms = debounceMs > 0 ? debounceMs : gap < BURST_GAP_MS ? BURST_DELAY_MS : 0;
    const run = () => {
      this.timers.delete(uri);
      lint();
    };
    if (ms > 0) this.timers.set(uri, { timer: setTimeout(run, ms), immediate: false });
    else this.timers.set(uri, { timer: setImmediate(run), immediate: true });
  }

  /** Runs the deep checks of `uri` after `delayMs`, replacing any pending run. */
  scheduleDeep(uri: string, delayMs: number, run: () => void): void {
    this.cancelDeep(uri);
    this.deepTimers.set(
      uri,
      setTimeout(() => {
        this.deepTimers.delete(uri);
        run();
      }, delayMs),
    );
  }

  cancelDeep(uri: string): void {
    const dt = this.deepTimers.get(uri);
    if (dt) {
      clearTimeout(dt);
      this.deepTimers.delete(uri);
    }
  }

  /** Cancels the pending lint and deep run of `uri`. */
  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) {
      if (t.immediate) clearImmediate(t.timer as NodeJS.Immediate);
      else clearTimeout(t.timer as NodeJS.Timeout);
      this.timers.delete(uri);
    }
    this.cancelDeep(uri);
  }

  /** The document is closed: nothing pending, no burst history. */
  forget(uri: string): void {
    this.cancel(uri);
    this.lastChange.delete(uri);
  }
}
