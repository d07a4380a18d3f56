import { randomBytes } from 'node:crypto';

/**
 * The stack's services in one table: the only place that knows their names, ports and who calls whom.
 * The launcher (`npm start`), the integration harness, the bench and the compose checks all read it,
 * and services learn their upstreams only from the environment derived here (serviceEnvironment).
 * A new service is a folder under services/, a row here and a block in docker-compose.yml;
 * tests/unit/compose-static.test.ts fails until the three agree.
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
  /** Whether it has admin routes, so takes ADMIN_TOKEN (without it those routes do not exist). */
  adminRoutes?: boolean;
  /**
   * What the gateway forwards to this service, each written like a request line: the methods served
   * under the prefix, then the prefix (`GET POST /api/v1/cup`). GET implies HEAD; the gateway answers
   * OPTIONS itself and any other method with 405, so no upstream sees a method it does not serve.
   */
  gatewayPrefixes?: readonly string[];
  /** The gateway: it is told every service with gateway prefixes (GATEWAY_UPSTREAMS, GATEWAY_ROUTES). */
  gateway?: boolean;
  /** A variable that lists every service of the stack, itself included, as `name=url` pairs. */
  everyServiceVariable?: string;
}

export const STACK_SERVICES: readonly StackService[] = [
  { name: 'provider-sim', port: 3010, upstreams: {}, redis: false, adminRoutes: true },
  {
    name: 'budget',
    port: 3003,
    upstreams: { PROVIDER_SIM_URL: 'provider-sim' },
    redis: true,
    gatewayPrefixes: ['GET POST /api/v1/providers', 'GET /api/v1/budget'],
  },
  {
    name: 'reports',
    port: 3008,
    upstreams: {},
    redis: true,
    gatewayPrefixes: ['GET /api/v1/reports'],
    everyServiceVariable: 'REPORT_TARGETS',
  },
  {
    name: 'training',
    port: 3001,
    upstreams: {},
    redis: true,
    gatewayPrefixes: ['GET POST /api/v1/training'],
  },
  {
    name: 'meta',
    port: 3002,
    upstreams: {},
    redis: false,
    gatewayPrefixes: ['GET /api/v1/meta'],
    everyServiceVariable: 'CATALOG_TARGETS',
  },
  {
    name: 'coach',
    port: 3004,
    upstreams: { BUDGET_URL: 'budget' },
    redis: false,
    gatewayPrefixes: ['GET /api/v1/coach'],
  },
  {
    name: 'segmentation',
    port: 3005,
    upstreams: { BUDGET_URL: 'budget' },
    redis: false,
    gatewayPrefixes: ['GET /api/v1/segmentation'],
  },
  {
    name: 'capabilities',
    port: 3006,
    upstreams: { PROVIDER_SIM_URL: 'provider-sim', BUDGET_URL: 'budget' },
    redis: true,
    gatewayPrefixes: ['GET /api/v1/capabilities'],
  },
  {
    name: 'cup',
    port: 3007,
    upstreams: {},
    redis: true,
    gatewayPrefixes: ['GET POST /api/v1/cup'],
  },
  {
    name: 'product-development',
    port: 3009,
    upstreams: {},
    redis: true,
    gatewayPrefixes: ['GET POST /api/v1/product'],
  },
  { name: 'web', port: 3000, upstreams: {}, redis: true, adminRoutes: true, gateway: true },
];

/**
 * The stack's shared secrets: the admin token of the admin routes, and the secret the gateway signs
 * client identities with (every service behind it verifies them).
 */
export interface StackSecrets {
  adminToken: string;
  gatewaySecret: string;
}

export const ADMIN_TOKEN_VARIABLE = 'ADMIN_TOKEN';
export const GATEWAY_SECRET_VARIABLE = 'GATEWAY_SECRET';

/** Fresh random secrets, for one launch of the stack or one test stack. */
export function newStackSecrets(): StackSecrets {
  return { adminToken: randomBytes(32).toString('hex'), gatewaySecret: randomBytes(32).toString('hex') };
}

/** Whether a service takes the gateway secret: the gateway signs with it, the services behind verify. */
const takesGatewaySecret = (s: StackService) => s.gateway === true || (s.gatewayPrefixes ?? []).length > 0;

/** The gateway's upstreams, `name=url` pairs. */
export const GATEWAY_UPSTREAMS_VARIABLE = 'GATEWAY_UPSTREAMS';
/** The gateway's routes, `METHOD... /prefix=upstream name` pairs. */
export const GATEWAY_ROUTES_VARIABLE = 'GATEWAY_ROUTES';

/** Variables whose value is a list of pairs: compared as sets, not strings. */
export const TARGET_LIST_VARIABLES: readonly string[] = [
  GATEWAY_UPSTREAMS_VARIABLE,
  GATEWAY_ROUTES_VARIABLE,
  ...STACK_SERVICES.flatMap((s) => (s.everyServiceVariable ? [s.everyServiceVariable] : [])),
];

/** The services the gateway forwards to, in the table's order. */
export function gatewayUpstreams(): StackService[] {
  return STACK_SERVICES.filter((s) => (s.gatewayPrefixes ?? []).length > 0);
}

/** `name=url` pairs, comma separated: the format services read with readTargets. */
export function targetList(services: readonly StackService[], urlOf: (name: string) => string): string {
  return services.map((s) => `${s.name}=${urlOf(s.name)}`).join(',');
}

/** Every gateway route and the service it goes to, `METHOD... /prefix=name` pairs, comma separated. */
export function gatewayRoutes(): string {
  return gatewayUpstreams()
    .flatMap((s) => (s.gatewayPrefixes ?? []).map((prefix) => `${prefix}=${s.name}`))
    .join(',');
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
 * The environment one service of the stack runs with, given where every service and Redis are and the
 * stack's secrets. The launcher, the test harness, the bench and the compose checks derive it the same
 * way.
 */
export function serviceEnvironment(
  service: StackService,
  urlOf: (name: string) => string,
  redisUrl: string,
  secrets: StackSecrets,
): Record<string, string> {
  const env: Record<string, string> = { OTEL_SERVICE_NAME: service.name };
  if (service.redis) env.REDIS_URL = redisUrl;
  for (const [variable, target] of Object.entries(service.upstreams)) env[variable] = urlOf(target);
  if (service.everyServiceVariable) env[service.everyServiceVariable] = targetList(STACK_SERVICES, urlOf);
  if (service.gateway) {
    env[GATEWAY_UPSTREAMS_VARIABLE] = targetList(gatewayUpstreams(), urlOf);
    env[GATEWAY_ROUTES_VARIABLE] = gatewayRoutes();
  }
  if (takesGatewaySecret(service)) env[GATEWAY_SECRET_VARIABLE] = secrets.gatewaySecret;
  if (service.adminRoutes) env[ADMIN_TOKEN_VARIABLE] = secrets.adminToken;
  return env;
}
