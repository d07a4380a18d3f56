import {
  ConfigError,
  ROUTE_METHODS,
  readBoolean,
  readCommonConfig,
  readInt,
  readNumber,
  readOptionalSecret,
  readPairs,
  readSecret,
  readTargets,
} from '../../instrumentation/index.js';

/**
 * The gateway knows no service by name: whoever starts it (launcher, harness, compose) passes the
 * upstreams and the routes of each, derived from scripts/stack-definition.ts. A route reads like a
 * request line, `GET POST /api/v1/cup=cup`: the methods the upstream serves under that prefix.
 */
function readRoutes(env: NodeJS.ProcessEnv, upstreams: readonly { name: string }[]) {
  const names = upstreams.map((u) => u.name);
  const routes = readPairs(env, 'GATEWAY_ROUTES', ({ key, value }) => {
    const { prefix, methods } = routeKey(key);
    if (!prefix.startsWith('/') || methods.length === 0)
      return 'expected METHOD... /path/prefix=upstream pairs';
    const unknown = methods.find((m) => !(ROUTE_METHODS as readonly string[]).includes(m));
    if (unknown) return `names method ${unknown}, not one of ${ROUTE_METHODS.join(' ')}`;
    return names.includes(value) ? undefined : `names ${value}, which is not in GATEWAY_UPSTREAMS`;
  }).map(({ key, value }) => ({ ...routeKey(key), upstream: value }));
  const prefixes = routes.map((r) => r.prefix);
  const twice = prefixes.find((prefix, i) => prefixes.indexOf(prefix) !== i);
  if (twice) throw new ConfigError('GATEWAY_ROUTES', `names ${twice} twice`);
  return routes;
}

/** `GET POST /api/v1/cup`: the last word is the prefix, the words before it the methods. */
function routeKey(key: string): { prefix: string; methods: string[] } {
  const words = key.split(/\s+/);
  return { prefix: words.at(-1) ?? '', methods: words.slice(0, -1) };
}

export function readConfig(env: NodeJS.ProcessEnv) {
  const upstreams = readTargets(env, 'GATEWAY_UPSTREAMS');
  return {
    ...readCommonConfig(env, { port: 3000 }),
    upstreams,
    routes: readRoutes(env, upstreams),
    apiCapacity: readInt(env, 'API_RATE_CAPACITY', 1_000, { min: 1 }),
    apiRefillPerSecond: readNumber(env, 'API_RATE_REFILL_PER_SECOND', 100, { min: 0.001 }),
    upstreamTimeoutMs: readInt(env, 'UPSTREAM_TIMEOUT_MS', 10_000, { min: 10, max: 120_000 }),
    /** Head sampling at the edge; OTEL_TRACES_SAMPLER overrides it. */
    sampleRatio: readNumber(env, 'TRACE_SAMPLE_RATIO', 0.1, { min: 0, max: 1 }),
    /** Whether a caller's sampled `traceparent` forces sampling; off: outsiders cannot inflate traces. */
    trustRemoteParent: readBoolean(env, 'TRACE_TRUST_REMOTE_PARENT', false),
    /** Required here: without it the services behind could not tell one client from another. */
    gatewaySecret: readSecret(env, 'GATEWAY_SECRET'),
    /** Bearer token of the admin routes (API keys); unset, those routes do not exist. */
    adminToken: readOptionalSecret(env, 'ADMIN_TOKEN'),
    /** How long a valid key is believed locally, so also how long a revoked key may still work. */
    apiKeyCacheTtlMs: readInt(env, 'API_KEY_CACHE_TTL_MS', 5_000, { min: 1, max: 60_000 }),
    /** How long an unknown key is remembered as unknown. */
    apiKeyNegativeCacheTtlMs: readInt(env, 'API_KEY_NEGATIVE_CACHE_TTL_MS', 1_000, { min: 1, max: 60_000 }),
  };
}

export type WebConfig = ReturnType<typeof readConfig>;
