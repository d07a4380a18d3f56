export const SPAN_BURST = 'burst';
export const SPAN_BURST_DEDUP = 'burst.dedup';
export const ATTR_BURST_PROVIDERS_COUNT = 'burst.providers_count';
export const ATTR_BURST_CACHED = 'burst.cached';
export const ATTR_BURST_DEDUP_JOINED = 'burst.dedup_joined';
export const ATTR_BURST_KEY_HASH = 'burst.key_hash';
export const ATTR_BURST_COST_USD = 'burst.cost_usd';
export const ATTR_BUDGET_CLIENT_ID = 'budget.client_id';
export const ATTR_BUDGET_REMAINING_USD = 'budget.remaining_usd';
export const ATTR_BUDGET_JOURNALED = 'budget.journaled';

// Instruments (OpenTelemetry semantic-conventions style): by provider at most, never by client.
export const BUDGET_METER_NAME = 'budget';
/** Counter of what clients were charged, in US dollars, by the provider that charged it. */
export const METRIC_BUDGET_SPEND = 'budget.spend';
/** Counter of fan-outs: bursts that called the providers (not cached, not joined). */
export const METRIC_BURST_FAN_OUTS = 'burst.fan_outs';
/** Counter of bursts that joined an identical burst in flight instead of calling the providers. */
export const METRIC_BURST_DEDUP_JOINS = 'burst.dedup.joins';
export const ATTR_BUDGET_PROVIDER = 'budget.provider';
