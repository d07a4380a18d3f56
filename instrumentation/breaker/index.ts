export { ServiceBreaker } from './breaker.js';
export { breakerFetch } from './breaker-fetch.js';
export { BreakerOpenError, BreakerTimeoutError, UpstreamUnavailableError } from './errors.js';
export { upstreamJson } from './upstream-json.js';
export { BreakerRegistry } from './registry.js';
export type { BreakerCallOptions, BreakerOptions, BreakerSnapshot, BreakerState } from './types.js';
