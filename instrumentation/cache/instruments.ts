import { metrics, type Attributes, type Counter } from '@opentelemetry/api';
import {
  ATTR_CACHE_FORM,
  ATTR_CACHE_NAME,
  ATTR_CACHE_OUTCOME,
  ATTR_CACHE_TIER,
  CACHE_METER_NAME,
  METRIC_CACHE_DELETES,
  METRIC_CACHE_ERRORS,
  METRIC_CACHE_EVICTIONS,
  METRIC_CACHE_L1_ENTRIES,
  METRIC_CACHE_L1_SIZE,
  METRIC_CACHE_L2_WRITTEN,
  METRIC_CACHE_LOOKUPS,
  METRIC_CACHE_WRITES,
  OUTCOME_HIT,
  OUTCOME_MISS,
} from './attributes.js';

/** What the L1 gauges read from a cache when metrics are collected. */
export interface L1Size {
  entries: number;
  bytes: number;
}

// One reading per cache name: a cache created again under the same name (a test, a restart of a part)
// replaces the earlier one, so the gauges never hold a cache alive nor report it twice.
const l1Sources = new Map<string, () => L1Size>();
let gaugesRegistered = false;

function registerGauges(): void {
  if (gaugesRegistered) return;
  gaugesRegistered = true;
  const meter = metrics.getMeter(CACHE_METER_NAME);
  const entries = meter.createObservableGauge(METRIC_CACHE_L1_ENTRIES, {
    unit: '{entry}',
    description: 'Entries in the in-process tier.',
  });
  const size = meter.createObservableGauge(METRIC_CACHE_L1_SIZE, {
    unit: 'By',
    description: 'JSON bytes in the in-process tier.',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const [name, read] of l1Sources) {
        const now = read();
        result.observe(entries, now.entries, { [ATTR_CACHE_NAME]: name });
        result.observe(size, now.bytes, { [ATTR_CACHE_NAME]: name });
      }
    },
    [entries, size],
  );
}

/**
 * One cache's counts as metrics, the only place they are kept: the observability endpoint reads them
 * back from the SDK. The attribute sets are built once, not per lookup.
 */
export class CacheInstruments {
  private readonly lookups: Counter;
  private readonly writes: Counter;
  private readonly deletes: Counter;
  private readonly evictions: Counter;
  private readonly errors: Counter;
  private readonly l2Written: Counter;
  private readonly byTier: Record<'l1' | 'l2' | 'none', Attributes>;
  private readonly named: Attributes;
  private readonly byForm: { json: Attributes; stored: Attributes };

  constructor(cacheName: string, l1: () => L1Size) {
    registerGauges();
    l1Sources.set(cacheName, l1);
    const meter = metrics.getMeter(CACHE_METER_NAME);
    this.lookups = meter.createCounter(METRIC_CACHE_LOOKUPS, {
      unit: '{lookup}',
      description: 'Cache lookups by tier that answered and outcome.',
    });
    this.writes = meter.createCounter(METRIC_CACHE_WRITES, {
      unit: '{write}',
      description: 'Values stored in the cache.',
    });
    this.deletes = meter.createCounter(METRIC_CACHE_DELETES, {
      unit: '{delete}',
      description: 'Keys deleted from the cache.',
    });
    this.evictions = meter.createCounter(METRIC_CACHE_EVICTIONS, {
      unit: '{entry}',
      description: 'In-process entries pushed out by the entry or byte bound (not expiries).',
    });
    this.errors = meter.createCounter(METRIC_CACHE_ERRORS, {
      unit: '{error}',
      description: 'Redis failures and timeouts, undecodable stored values, values that could not be stored.',
    });
    this.l2Written = meter.createCounter(METRIC_CACHE_L2_WRITTEN, {
      unit: 'By',
      description: 'Bytes written to Redis: the JSON, and what was stored after compression.',
    });
    const of = (tier: string, outcome: string): Attributes => ({
      [ATTR_CACHE_NAME]: cacheName,
      [ATTR_CACHE_TIER]: tier,
      [ATTR_CACHE_OUTCOME]: outcome,
    });
    this.byTier = { l1: of('l1', OUTCOME_HIT), l2: of('l2', OUTCOME_HIT), none: of('none', OUTCOME_MISS) };
    this.named = { [ATTR_CACHE_NAME]: cacheName };
    this.byForm = {
      json: { ...this.named, [ATTR_CACHE_FORM]: 'json' },
      stored: { ...this.named, [ATTR_CACHE_FORM]: 'stored' },
    };
    // Every series at 0 from the start, so a dashboard's rate reads 0, not "no data", until one happens.
    for (const set of Object.values(this.byTier)) this.lookups.add(0, set);
    for (const counter of [this.writes, this.deletes, this.evictions, this.errors])
      counter.add(0, this.named);
  }

  /** One lookup: the tier that answered, or none for a miss in every tier. */
  lookup(tier: 'l1' | 'l2' | undefined): void {
    this.lookups.add(1, this.byTier[tier ?? 'none']);
  }

  wrote(): void {
    this.writes.add(1, this.named);
  }

  deleted(): void {
    this.deletes.add(1, this.named);
  }

  evicted(): void {
    this.evictions.add(1, this.named);
  }

  failed(): void {
    this.errors.add(1, this.named);
  }

  /** One value written to L2: its JSON bytes and the bytes Redis holds for it. */
  l2Stored(jsonBytes: number, storedBytes: number): void {
    this.l2Written.add(jsonBytes, this.byForm.json);
    this.l2Written.add(storedBytes, this.byForm.stored);
  }
}
