export const SPAN_CATALOG_CHECK = 'catalog.check';
export const ATTR_CATALOG_SERVICE = 'catalog.service';
export const ATTR_CATALOG_UP = 'catalog.up';
export const ATTR_CATALOG_STATUS_CODE = 'catalog.status_code';
export const ATTR_CATALOG_LATENCY_MS = 'catalog.latency_ms';
