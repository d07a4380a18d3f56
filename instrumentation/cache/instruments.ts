import { metrics, type Attributes, type Counter } from '@opentelemetry/api';
import {
  ATTR_CACHE_NAME,
  ATTR_CACHE_OUTCOME,
  ATTR_CACHE_TIER,
  CACHE_METER_NAME,
  METRIC_CACHE_L1_ENTRIES,
  METRIC_CACHE_L1_SIZE,
  METRIC_CACHE_LOOKUPS,
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

/** One cache's lookups as metrics; the attribute sets are built once, not per lookup. */
export class CacheInstruments {
  private readonly lookups: Counter;
  private readonly byTier: Record<'l1' | 'l2' | 'none', Attributes>;

  constructor(cacheName: string, l1: () => L1Size) {
    registerGauges();
    l1Sources.set(cacheName, l1);
    this.lookups = metrics.getMeter(CACHE_METER_NAME).createCounter(METRIC_CACHE_LOOKUPS, {
      unit: '{lookup}',
      description: 'Cache lookups by tier that answered and outcome.',
    });
    const of = (tier: string, outcome: string): Attributes => ({
      [ATTR_CACHE_NAME]: cacheName,
      [ATTR_CACHE_TIER]: tier,
      [ATTR_CACHE_OUTCOME]: outcome,
    });
    this.byTier = { l1: of('l1', OUTCOME_HIT), l2: of('l2', OUTCOME_HIT), none: of('none', OUTCOME_MISS) };
  }

  /** One lookup: the tier that answered, or none for a miss in every tier. */
  lookup(tier: 'l1' | 'l2' | undefined): void {
    this.lookups.add(1, this.byTier[tier ?? 'none']);
  }
}
