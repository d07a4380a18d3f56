/**
 * The stack's services in one table: the launcher (`npm start`), the integration harness and the
 * compose checks all read it, so a port or an upstream variable is named once.
 */
export interface StackService {
  /** Folder under services/ and OTEL_SERVICE_NAME. */
  name: string;
  /** The contract port (README, compose). */
  port: number;
  /** Variables naming other services' base URLs, and which service each points at. */
  upstreams: Record<string, string>;
  /** Whether the service needs Redis (REDIS_URL). */
  redis: boolean;
}

export const STACK_SERVICES: readonly StackService[] = [
  { name: 'provider-sim', port: 3010, upstreams: {}, redis: false },
  { name: 'budget', port: 3003, upstreams: { PROVIDER_SIM_URL: 'provider-sim' }, redis: true },
  { name: 'reports', port: 3008, upstreams: {}, redis: true },
  { name: 'web', port: 3000, upstreams: { BUDGET_URL: 'budget', REPORTS_URL: 'reports' }, redis: true },
];

/**
 * reports reads the services it covers from REPORT_TARGETS as `name=url` pairs, comma separated; every
 * service of the stack but reports itself.
 */
export const REPORT_TARGETS_VARIABLE = 'REPORT_TARGETS';

export function reportTargets(urlOf: (name: string) => string): string {
  return STACK_SERVICES.filter((s) => s.name !== 'reports')
    .map((s) => `${s.name}=${urlOf(s.name)}`)
    .join(',');
}

export function serviceEntry(name: string): string {
  return `dist/services/${name}/main.js`;
}

export const BOOTSTRAP_ENTRY = 'dist/instrumentation/register.js';
