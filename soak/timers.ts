/** Timeouts that can be cancelled, or run at once, together: what the fault injectors leave pending. */
export interface Timers {
  later(ms: number, fn: () => void): void;
  /** Cancels every pending one. */
  clear(): void;
  /** Runs every pending one now. */
  flush(): void;
}

export function createTimers(): Timers {
  const pending = new Map<ReturnType<typeof setTimeout>, () => void>();
  return {
    later(ms, fn) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        fn();
      }, ms);
      pending.set(timer, fn);
    },
    clear() {
      for (const timer of pending.keys()) clearTimeout(timer);
      pending.clear();
    },
    flush() {
      const due = [...pending];
      this.clear();
      for (const [, fn] of due) fn();
    },
  };
}
