/** A snapshot of one cache instance's counters since it was created. */
export interface CacheStats {
  name: string;
  hits: { l1: number; l2: number; total: number };
  misses: { l1: number; l2: number; total: number };
  /** Total hits / lookups, 0..1; 0 before the first lookup. */
  hitRate: number;
  sets: number;
  deletes: number;
  /** L1 entries pushed out by the entry or byte bound (not expiries). */
  evictions: number;
  /** Redis failures and timeouts, undecodable stored values, values that could not be stored. */
  errors: number;
  /** JSON bytes written to L2, and the bytes Redis actually holds for them after compression. */
  bytes: { raw: number; stored: number };
  l1: { entries: number; bytes: number };
  redisAvailable: boolean;
}

/** The mutable counters behind CacheStats; every lookup ends in exactly one hit or one total miss. */
export class CacheCounters {
  hitsL1 = 0;
  hitsL2 = 0;
  missesL1 = 0;
  missesL2 = 0;
  missesTotal = 0;
  sets = 0;
  deletes = 0;
  evictions = 0;
  errors = 0;
  rawBytes = 0;
  storedBytes = 0;

  /** One lookup: the tier that answered, if any, and whether L2 was asked and had nothing usable. */
  record(tier: 'l1' | 'l2' | undefined, l2Missed: boolean): void {
    if (tier === 'l1') {
      this.hitsL1++;
      return;
    }
    this.missesL1++;
    if (tier === 'l2') {
      this.hitsL2++;
      return;
    }
    this.missesTotal++;
    if (l2Missed) this.missesL2++;
  }

  snapshot(name: string, l1: { entries: number; bytes: number }, redisAvailable: boolean): CacheStats {
    const hits = this.hitsL1 + this.hitsL2;
    const lookups = hits + this.missesTotal;
    return {
      name,
      hits: { l1: this.hitsL1, l2: this.hitsL2, total: hits },
      misses: { l1: this.missesL1, l2: this.missesL2, total: this.missesTotal },
      hitRate: lookups === 0 ? 0 : hits / lookups,
      sets: this.sets,
      deletes: this.deletes,
      evictions: this.evictions,
      errors: this.errors,
      bytes: { raw: this.rawBytes, stored: this.storedBytes },
      l1,
      redisAvailable,
    };
  }
}
