// Attribute names the limiter sets on the request's server span, in one place so dashboards and tests
// spell them the same way.

/** 'allowed' | 'rejected' */
export const ATTR_RATELIMIT_DECISION = 'ratelimit.decision';
export const ATTR_RATELIMIT_REMAINING = 'ratelimit.remaining';
/** The bucket capacity C. */
export const ATTR_RATELIMIT_LIMIT = 'ratelimit.limit';
/** true when Redis failed and the in-memory bucket decided. */
export const ATTR_RATELIMIT_FALLBACK = 'ratelimit.fallback';
/** The limiter's name, e.g. 'budget-burst'. */
export const ATTR_RATELIMIT_POLICY = 'ratelimit.policy';
export const ATTR_RATELIMIT_RETRY_AFTER_MS = 'ratelimit.retry_after_ms';

export const DECISION_ALLOWED = 'allowed';
export const DECISION_REJECTED = 'rejected';

// Instruments (OpenTelemetry semantic-conventions style). Their attributes are the policy, the
// outcome and whether memory decided: never the client, whose status is served from the store.
export const RATELIMIT_METER_NAME = 'otel-stack/rate-limit';
/** Counter of decisions, by policy, outcome and ratelimit.fallback (true: Redis was away, memory decided). */
export const METRIC_RATELIMIT_DECISIONS = 'ratelimit.decisions';
/** Histogram of the wait, in seconds, a refused client was told (Retry-After), by policy. */
export const METRIC_RATELIMIT_RETRY_AFTER = 'ratelimit.retry_after';
/** Redis calls of a limiter that failed or timed out (each then decided in memory). */
export const METRIC_RATELIMIT_STORE_ERRORS = 'ratelimit.store.errors';
/** 'allowed' | 'limited' */
export const ATTR_RATELIMIT_OUTCOME = 'ratelimit.outcome';
export const OUTCOME_ALLOWED = 'allowed';
export const OUTCOME_LIMITED = 'limited';
