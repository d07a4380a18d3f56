export const SPAN_CAPABILITIES = 'capabilities';
export const ATTR_CAPABILITIES_CACHED = 'capabilities.cached';
export const ATTR_CAPABILITIES_PROVIDERS_COUNT = 'capabilities.providers_count';
export const ATTR_CAPABILITIES_BUDGET_REACHABLE = 'capabilities.budget_reachable';
