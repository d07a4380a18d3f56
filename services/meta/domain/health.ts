export interface Health {
  status: 'up' | 'down';
  /** The `/readyz` answer's status; null when none came (refused, timed out, circuit open). */
  statusCode: number | null;
  latencyMs: number;
  error?: string;
}

/** A service that answered `/readyz` is up only with a 2xx (its Redis answers); any other status is down. */
export function answeredHealth(statusCode: number, latencyMs: number): Health {
  if (statusCode >= 200 && statusCode < 300) return { status: 'up', statusCode, latencyMs };
  return { status: 'down', statusCode, latencyMs, error: 'not ready' };
}

/** No answer at all: down, with the breaker's error code (`upstream_timeout`, ...) or the message. */
export function unansweredHealth(error: unknown, latencyMs: number): Health {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
  return { status: 'down', statusCode: null, latencyMs, error: reason };
}

/** The version a service's observability answer states; null when it does not say. */
export function versionFrom(body: unknown): string | null {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : null;
}

export function summarize(healths: readonly Health[]): { total: number; up: number; down: number } {
  const up = healths.filter((h) => h.status === 'up').length;
  return { total: healths.length, up, down: healths.length - up };
}
