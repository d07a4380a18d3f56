import type { Observation } from './collect.js';

export interface ServiceFigures {
  name: string;
  up: boolean;
  error?: string;
  totalRequests: number;
  requestsPerSecond: number;
  errorRate: number;
  p95LatencyMs: number;
  cacheHitRate: number | null;
  rateLimitRejectionRate: number | null;
  breakers: Record<string, string>;
}

export interface Report {
  generatedAt: string;
  status: 'ok' | 'degraded' | 'down';
  services: ServiceFigures[];
  totals: {
    services: number;
    up: number;
    down: number;
    totalRequests: number;
    requestsPerSecond: number;
    openBreakers: number;
  };
  slowest: { name: string; p95LatencyMs: number } | null;
  mostRefused: { name: string; rateLimitRejectionRate: number } | null;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const rate = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function figures(observation: Observation): ServiceFigures {
  if (!observation.up) {
    return {
      name: observation.name,
      up: false,
      error: observation.error,
      totalRequests: 0,
      requestsPerSecond: 0,
      errorRate: 0,
      p95LatencyMs: 0,
      cacheHitRate: null,
      rateLimitRejectionRate: null,
      breakers: {},
    };
  }
  const o = observation.observability;
  const breakers = Object.fromEntries(
    Object.entries(o.breakers ?? {}).map(([name, b]) => [name, String(b?.state ?? 'unknown')]),
  );
  return {
    name: observation.name,
    up: true,
    totalRequests: num(o.tracer?.totalRequests),
    requestsPerSecond: num(o.tracer?.requestsPerSecond),
    errorRate: num(o.tracer?.errorRate),
    p95LatencyMs: num(o.tracer?.latency?.p95Ms),
    cacheHitRate: rate(o.cache?.hitRate),
    rateLimitRejectionRate: rate(o.rateLimiter?.rejectionRate),
    breakers,
  };
}

/** Pure: turns what the services said about themselves into the comprehensive report. */
export function analyze(observations: Observation[], now = new Date()): Report {
  const services = observations.map(figures);
  const up = services.filter((s) => s.up);
  const openBreakers = services.reduce(
    (n, s) => n + Object.values(s.breakers).filter((state) => state !== 'closed').length,
    0,
  );
  const status =
    up.length === 0 ? 'down' : up.length < services.length || openBreakers > 0 ? 'degraded' : 'ok';
  const slowest = [...up].sort((a, b) => b.p95LatencyMs - a.p95LatencyMs)[0];
  const refused = up
    .filter((s) => s.rateLimitRejectionRate !== null)
    .sort((a, b) => (b.rateLimitRejectionRate ?? 0) - (a.rateLimitRejectionRate ?? 0))[0];
  return {
    generatedAt: now.toISOString(),
    status,
    services,
    totals: {
      services: services.length,
      up: up.length,
      down: services.length - up.length,
      totalRequests: up.reduce((n, s) => n + s.totalRequests, 0),
      requestsPerSecond: Math.round(up.reduce((n, s) => n + s.requestsPerSecond, 0) * 100) / 100,
      openBreakers,
    },
    slowest: slowest ? { name: slowest.name, p95LatencyMs: slowest.p95LatencyMs } : null,
    mostRefused: refused
      ? { name: refused.name, rateLimitRejectionRate: refused.rateLimitRejectionRate ?? 0 }
      : null,
  };
}
