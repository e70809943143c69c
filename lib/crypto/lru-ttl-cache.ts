export interface CacheOptions {
  /** Most entries kept; the least recently used goes first. */
  maxEntries: number;
  /** Entries older than this are dropped on access. */
  ttlMs: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * Bounded, expiring cache of unwrapped keys: a key stays in memory at most `ttlMs`, so a shredded
 * or retired key stops being usable in every process within that time.
 */
export class LruTtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly options: CacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.maxEntries >= 1) || !(options.ttlMs >= 0)) throw new RangeError('invalid cache options');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.options.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
