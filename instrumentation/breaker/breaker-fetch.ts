import type { ServiceBreaker } from './breaker.js';
import { UpstreamUnavailableError } from './errors.js';

/** Carries a 5xx answer through the breaker as a failure; unwrapped before the caller sees it. */
class UpstreamServerError extends Error {
  constructor(readonly response: Response) {
    super(`upstream answered ${response.status}`);
  }
}

// Statuses whose Response may not carry a body (the constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Reads the whole body inside the call, so the timeout covers it and the caller can read it after. */
async function buffered(response: Response): Promise<Response> {
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * `fetch` through a breaker. Resolves with the upstream's Response, body buffered, for any status: a 5xx
 * counts as a breaker failure yet is still returned, a 4xx counts as a success (the client's fault).
 * Rejects with `BreakerOpenError`, `BreakerTimeoutError` (the request is aborted) or
 * `UpstreamUnavailableError` (refused, reset, DNS). `init.signal`, if given, still cancels the request.
 */
export async function breakerFetch(
  breaker: ServiceBreaker,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  // A malformed URL is a bug here, not an upstream failure: throw before the breaker counts it.
  new URL(url);
  try {
    return await breaker.call(
      async (signal) => {
        let response: Response;
        try {
          response = await buffered(await fetch(url, { ...init, signal }));
        } catch (error) {
          if (signal.aborted) throw error;
          throw new UpstreamUnavailableError(breaker.name, { cause: error });
        }
        if (response.status >= 500) throw new UpstreamServerError(response);
        return response;
      },
      { signal: init.signal },
    );
  } catch (error) {
    if (error instanceof UpstreamServerError) return error.response;
    throw error;
  }
}
