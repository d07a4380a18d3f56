import type { ServiceBreaker } from './breaker.js';
import { UnsendableRequestError, UpstreamUnavailableError } from './errors.js';

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
 * undici checks some arguments only when it dispatches, inside `fetch`: its `TypeError('fetch failed')`
 * then wraps an argument error, not a network one. Nothing was sent, so the upstream is not at fault.
 */
const REFUSED_BEFORE_SENDING = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

function refusedBeforeSending(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && REFUSED_BEFORE_SENDING.has(code);
}

/** The Request, built before the breaker is asked, so a request fetch refuses is never counted. */
function buildRequest(breakerName: string, url: string, init: RequestInit): Request {
  try {
    return new Request(url, init);
  } catch (error) {
    throw new UnsendableRequestError(breakerName, { cause: error });
  }
}

/**
 * `fetch` through a breaker. Resolves with the upstream's Response, body buffered, for any status: a 5xx
 * counts as a breaker failure yet is still returned, a 4xx counts as a success (the client's fault).
 * Rejects with `BreakerOpenError`, `BreakerTimeoutError` (the request is aborted) or
 * `UpstreamUnavailableError` (refused, reset, DNS), which count against the upstream, or with
 * `UnsendableRequestError` (400) for a request fetch would not send, which does not.
 * `init.signal`, if given, still cancels the request.
 */
export async function breakerFetch(
  breaker: ServiceBreaker,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const request = buildRequest(breaker.name, url, init);
  try {
    return await breaker.call(
      async (signal) => {
        let response: Response;
        try {
          response = await buffered(await fetch(request, { signal }));
        } catch (error) {
          if (signal.aborted) throw error;
          // A 4xx error: the breaker's filter counts it as the caller's fault, not a failure.
          if (refusedBeforeSending(error)) throw new UnsendableRequestError(breaker.name, { cause: error });
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
