import { breakerFetch } from './breaker-fetch.js';
import type { ServiceBreaker } from './breaker.js';
import { UpstreamError } from './errors.js';

/**
 * The stack's one client for JSON from another service: `fetch` through the upstream's breaker, then
 * the parsed body of a 2xx answer. Every failure is an AppError a route may let propagate:
 * `upstream_circuit_open` (503), `upstream_timeout` (504), `upstream_unavailable` (502), or
 * `upstream_error` (502) for a non-2xx answer or a body that is not JSON.
 */
export async function upstreamJson<T>(
  breaker: ServiceBreaker,
  url: string,
  init: RequestInit = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const response = await breakerFetch(breaker, url, { ...init, headers });
  if (!response.ok) throw new UpstreamError(breaker.name, response.status);
  try {
    return (await response.json()) as T;
  } catch {
    throw new UpstreamError(breaker.name, response.status, 'answered a body that is not JSON');
  }
}
