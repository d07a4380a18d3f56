/**
 * Spend not yet written to Redis, in micro-dollars per client-day key. Bounded: past `maxClients`
 * distinct keys in one outage a new client's spend is refused (and counted) rather than held.
 */
export class SpendJournal {
  private readonly pending = new Map<string, number>();
  overflow = 0;

  constructor(private readonly maxClients: number) {}

  get size(): number {
    return this.pending.size;
  }

  /** False when the journal is full and `key` is not in it yet: that spend is not recorded. */
  add(key: string, micros: number): boolean {
    if (!this.pending.has(key) && this.pending.size >= this.maxClients) {
      this.overflow += 1;
      return false;
    }
    this.pending.set(key, (this.pending.get(key) ?? 0) + micros);
    return true;
  }

  /** What `key` has spent since Redis was last written. */
  pendingFor(key: string): number {
    return this.pending.get(key) ?? 0;
  }

  /** Every entry as it stands now, safe to iterate while entries are settled. */
  entries(): Array<[string, number]> {
    return [...this.pending];
  }

  /** `written` micro-dollars of `key` reached Redis: they leave the journal. */
  settle(key: string, written: number): void {
    // Only what was written leaves: spend journaled for the same key meanwhile stays for the next flush.
    // A released reservation is a negative entry: it is written back like any other.
    const left = this.pendingFor(key) - written;
    if (left !== 0) this.pending.set(key, left);
    else this.pending.delete(key);
  }

  totalMicros(): number {
    let total = 0;
    for (const micros of this.pending.values()) total += micros;
    return total;
  }
}
