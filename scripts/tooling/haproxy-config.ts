/** One service behind the balancer: its public port, and the ports its replicas listen on. */
export interface BalancedService {
  name: string;
  /** Where callers reach it: the balancer listens here, never a replica. */
  port: number;
  replicaPorts: readonly number[];
}

/** How often the balancer asks each replica's /readyz. */
export const HEALTH_CHECK_INTERVAL_MS = 500;
/** Failed checks in a row that take a replica out of rotation. */
const FALL = 3;
/**
 * How long one check may take: on a busy machine /readyz (a Redis PING) can take longer than the
 * interval, and a balancer that marks every replica down for it answers 503 to everyone.
 */
const CHECK_TIMEOUT_MS = 2_000;
/**
 * How long a replica keeps serving after SIGTERM while its /readyz answers 503: long enough for every
 * check that must fail to fail, the slowest taking its whole timeout.
 */
export const REPLICA_DRAIN_DELAY_MS = FALL * HEALTH_CHECK_INTERVAL_MS + CHECK_TIMEOUT_MS;

/**
 * An HAProxy configuration for services with replicas on loopback. Each replica is health-checked on
 * `/readyz` (a draining replica answers 503 and leaves rotation; a new one joins once it answers 200).
 * A request whose connection fails or gets no answer is retried on another replica (`retry-on`,
 * `option redispatch`), so a replica that dies between two health checks costs only the requests it
 * was already serving.
 */
export function haproxyConfig(services: readonly BalancedService[]): string {
  const lines = [
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-request 10s',
    `  timeout check ${CHECK_TIMEOUT_MS}ms`,
    '  option redispatch',
    '  retries 3',
    '  retry-on conn-failure empty-response response-timeout',
    '',
  ];
  for (const service of services) {
    lines.push(
      `frontend ${service.name}`,
      `  bind 127.0.0.1:${service.port}`,
      `  default_backend ${service.name}`,
      '',
      `backend ${service.name}`,
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      '  http-check expect status 200',
      // A refused connection marks the replica down at once, without waiting for the next check.
      `  default-server inter ${HEALTH_CHECK_INTERVAL_MS} fastinter 250 downinter ${HEALTH_CHECK_INTERVAL_MS} fall ${FALL} rise 1 observe layer4 error-limit 1 on-error mark-down`,
      ...service.replicaPorts.map((port, i) => `  server ${service.name}-${i + 1} 127.0.0.1:${port} check`),
      '',
    );
  }
  return lines.join('\n');
}
