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
  /** Proxy hops to trust in X-Forwarded-For: 1 behind the gateway, so clients are keyed by their own address. */
  trustProxyHops: number;
}

export const STACK_SERVICES: readonly StackService[] = [
  { name: 'provider-sim', port: 3010, upstreams: {}, redis: false, trustProxyHops: 0 },
  {
    name: 'budget',
    port: 3003,
    upstreams: { PROVIDER_SIM_URL: 'provider-sim' },
    redis: true,
    trustProxyHops: 1,
  },
  { name: 'reports', port: 3008, upstreams: {}, redis: true, trustProxyHops: 1 },
  { name: 'training', port: 3001, upstreams: {}, redis: true, trustProxyHops: 1 },
  { name: 'meta', port: 3002, upstreams: {}, redis: false, trustProxyHops: 1 },
  { name: 'coach', port: 3004, upstreams: { BUDGET_URL: 'budget' }, redis: false, trustProxyHops: 1 },
  { name: 'segmentation', port: 3005, upstreams: { BUDGET_URL: 'budget' }, redis: false, trustProxyHops: 1 },
  {
    name: 'capabilities',
    port: 3006,
    upstreams: { PROVIDER_SIM_URL: 'provider-sim', BUDGET_URL: 'budget' },
    redis: true,
    trustProxyHops: 1,
  },
  { name: 'cup', port: 3007, upstreams: {}, redis: true, trustProxyHops: 1 },
  { name: 'product-development', port: 3009, upstreams: {}, redis: true, trustProxyHops: 1 },
  {
    name: 'web',
    port: 3000,
    upstreams: {
      BUDGET_URL: 'budget',
      REPORTS_URL: 'reports',
      TRAINING_URL: 'training',
      META_URL: 'meta',
      COACH_URL: 'coach',
      SEGMENTATION_URL: 'segmentation',
      CAPABILITIES_URL: 'capabilities',
      CUP_URL: 'cup',
      PRODUCT_DEVELOPMENT_URL: 'product-development',
    },
    redis: true,
    trustProxyHops: 0,
  },
];

/**
 * reports (REPORT_TARGETS) and meta (CATALOG_TARGETS) read the services they cover as `name=url`
 * pairs, comma separated: every service of the stack, themselves included.
 */
export const REPORT_TARGETS_VARIABLE = 'REPORT_TARGETS';
export const CATALOG_TARGETS_VARIABLE = 'CATALOG_TARGETS';
/** Variables whose value is such a list: compared as sets, not strings. */
export const TARGET_LIST_VARIABLES: readonly string[] = [REPORT_TARGETS_VARIABLE, CATALOG_TARGETS_VARIABLE];

export function reportTargets(urlOf: (name: string) => string): string {
  return STACK_SERVICES.map((s) => `${s.name}=${urlOf(s.name)}`).join(',');
}

export function serviceEntry(name: string): string {
  return `dist/services/${name}/main.js`;
}

export const BOOTSTRAP_ENTRY = 'dist/instrumentation/register.js';

/** The variable that moves a service off its contract port, e.g. PROVIDER_SIM_PORT. */
export function portVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}

/**
 * The environment one service of the stack runs with, given where every service and Redis are. The
 * launcher, the test harness and the compose checks derive it the same way.
 */
export function serviceEnvironment(
  service: StackService,
  urlOf: (name: string) => string,
  redisUrl: string,
): Record<string, string> {
  const env: Record<string, string> = { OTEL_SERVICE_NAME: service.name };
  if (service.redis) env.REDIS_URL = redisUrl;
  for (const [variable, target] of Object.entries(service.upstreams)) env[variable] = urlOf(target);
  if (service.name === 'reports') env[REPORT_TARGETS_VARIABLE] = reportTargets(urlOf);
  if (service.name === 'meta') env[CATALOG_TARGETS_VARIABLE] = reportTargets(urlOf);
  if (service.trustProxyHops > 0) env.TRUST_PROXY_HOPS = String(service.trustProxyHops);
  return env;
}
