/** One service behind the balancer: its public port, and the ports its replicas listen on. */
export interface BalancedService {
  name: string;
  /** Where callers reach it: the balancer listens here, never a replica. */
  port: number;
  replicaPorts: readonly number[];
}

/** How often the balancer asks each replica's /readyz; two misses take a replica out of rotation. */
export const HEALTH_CHECK_INTERVAL_MS = 500;

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
      `  default-server inter ${HEALTH_CHECK_INTERVAL_MS} fastinter 250 downinter ${HEALTH_CHECK_INTERVAL_MS} fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down`,
      ...service.replicaPorts.map((port, i) => `  server ${service.name}-${i + 1} 127.0.0.1:${port} check`),
      '',
    );
  }
  return lines.join('\n');
}
