export const SPAN_FETCH_SERVICES = 'fetch-services';
export const SPAN_FETCH_SERVICE = 'fetch-service';
export const SPAN_ANALYZE = 'analyze';
export const ATTR_REPORT_SERVICE = 'report.service';
export const ATTR_REPORT_SERVICE_UP = 'report.service_up';
export const ATTR_REPORT_SERVICES_COUNT = 'report.services_count';
export const ATTR_REPORT_STATUS = 'report.status';
