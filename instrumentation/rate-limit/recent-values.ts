/**
 * Remembers the values computed for the most recent keys, up to a bound: a per-request derivation
 * (hashing a client key, normalising an address) is done once per client rather than once per
 * request. The oldest entry goes first when full; a key seen again is simply computed again.
 */
export class RecentValues<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, compute: (key: string) => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (this.values.size >= this.maxEntries) {
      const oldest = this.values.keys().next();
      if (!oldest.done) this.values.delete(oldest.value);
    }
    this.values.set(key, value);
    return value;
  }
}
