/**
 * Serializes work per inventory key (SEC-VAL-08 at the supplier): a hold checks and takes units
 * while it owns every key it touches, so two holds can never both take the last room or seat.
 * Keys are taken in sorted order, so two multi-night holds cannot deadlock.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  async withKeys<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
