import { readInt, readOptionalSecret, readPort, readString, readUrl } from './env.js';

/** Settings every service shares; a service's own config.ts spreads these and adds its own. */
export interface CommonConfig {
  serviceName: string;
  port: number;
  host: string;
  redisUrl: string;
  /** Request bodies above this many bytes answer 413. */
  bodyLimitBytes: number;
  /** How long in-flight requests may run after SIGTERM before the process exits anyway. */
  shutdownGraceMs: number;
  /**
   * After SIGTERM, how long `/readyz` answers 503 while the service still serves, before it stops
   * accepting: a load balancer's health checks need that long to take it out of rotation.
   */
  shutdownDrainDelayMs: number;
  /**
   * How long a rate-limit decision waits on Redis before the in-memory bucket decides instead (and,
   * across replicas, over-admits): services with a limiter pass it on.
   */
  rateLimitStoreTimeoutMs: number;
  /**
   * The process's Redis circuit (see instrumentation/redis/circuit.ts): a command unanswered after
   * `commandTimeoutMs` fails; `failureThreshold` such failures in a row send every Redis caller to its
   * fallback until a PING, sent every `probeIntervalMs`, is answered.
   */
  redisCircuit: { commandTimeoutMs: number; failureThreshold: number; probeIntervalMs: number };
  logLevel: string;
  /** Trust X-Forwarded-For this many proxy hops deep; 0 means the socket address is the client. */
  trustProxyHops: number;
  /**
   * The secret the gateway signs each request's client identity with. Set, a service takes the
   * identity from a valid signature (else the socket address); unset, always the socket address.
   */
  gatewaySecret: string | undefined;
}

export function readCommonConfig(
  env: NodeJS.ProcessEnv,
  defaults: { port: number; portVariable?: string; host?: string },
): CommonConfig {
  return {
    serviceName: readString(env, 'OTEL_SERVICE_NAME'),
    port: readPort(env, defaults.portVariable ?? 'PORT', defaults.port),
    host: readString(env, 'HOST', defaults.host ?? '0.0.0.0'),
    redisUrl: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 100 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000, { min: 0, max: 120_000 }),
    shutdownDrainDelayMs: readInt(env, 'SHUTDOWN_DRAIN_DELAY_MS', 0, { min: 0, max: 60_000 }),
    rateLimitStoreTimeoutMs: readInt(env, 'RATE_LIMIT_STORE_TIMEOUT_MS', 250, { min: 1, max: 10_000 }),
    redisCircuit: {
      // As long as the limiter's wait, for the same reason: a busy host must not look like an outage.
      commandTimeoutMs: readInt(env, 'REDIS_COMMAND_TIMEOUT_MS', 250, { min: 10, max: 10_000 }),
      failureThreshold: readInt(env, 'REDIS_BREAKER_FAILURES', 3, { min: 1, max: 1_000 }),
      probeIntervalMs: readInt(env, 'REDIS_BREAKER_PROBE_INTERVAL_MS', 500, { min: 50, max: 60_000 }),
    },
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
    trustProxyHops: readInt(env, 'TRUST_PROXY_HOPS', 0, { min: 0, max: 10 }),
    gatewaySecret: readOptionalSecret(env, 'GATEWAY_SECRET'),
  };
}
