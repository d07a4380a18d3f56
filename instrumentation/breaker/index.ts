export { ATTR_BREAKER_NAME, ATTR_BREAKER_STATE, EVENT_BREAKER_STATE_CHANGE } from './attributes.js';
export { ServiceBreaker } from './breaker.js';
export { breakerFetch } from './breaker-fetch.js';
export { BreakerOpenError, BreakerTimeoutError, UpstreamError, UpstreamUnavailableError } from './errors.js';
export { upstreamJson } from './upstream-json.js';
export { DEFAULT_BREAKER_OPTIONS } from './options.js';
export { BreakerRegistry } from './registry.js';
export type { BreakerCallOptions, BreakerOptions, BreakerSnapshot, BreakerState } from './types.js';
