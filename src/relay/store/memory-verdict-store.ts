/** Verdicts in this process: bounded (the oldest entries go first) and expiring. */
import type { Verdict } from '../core/verdict.js';
import { VERDICT_TTL_MS, type VerdictStore } from './verdict-store.js';

export interface MemoryVerdictStoreOptions {
  /** Most users (and, separately, seen callbacks) kept. Default 10 000. */
  maxEntries?: number;
  /** Default 30 days. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Timed<T> {
  value: T;
  expiresAt: number;
}

/** A Map whose insertion order is its age order: set moves a key to the newest end. */
class BoundedMap<T> {
  private readonly entries = new Map<string, Timed<T>>();
  constructor(private readonly maxEntries: number) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > now ? entry.value : undefined;
  }

  set(key: string, value: T, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

export class MemoryVerdictStore implements VerdictStore {
  private readonly verdicts: BoundedMap<Verdict>;
  private readonly seen: BoundedMap<true>;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: MemoryVerdictStoreOptions = {}) {
    const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.verdicts = new BoundedMap(maxEntries);
    this.seen = new BoundedMap(maxEntries);
    this.ttlMs = options.ttlMs ?? VERDICT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async record(userHash: string, verdict: Verdict, signature: string): Promise<boolean> {
    const now = this.now();
    const callback = JSON.stringify([userHash, signature]);
    if (this.seen.get(callback, now)) return false;
    this.seen.set(callback, true, now + this.ttlMs);
    this.verdicts.set(userHash, { verdict: verdict.verdict, reasons: [...verdict.reasons] }, now + this.ttlMs);
    return true;
  }

  async get(userHash: string): Promise<Verdict | null> {
    const verdict = this.verdicts.get(userHash, this.now());
    return verdict ? { verdict: verdict.verdict, reasons: [...verdict.reasons] } : null;
  }
}
