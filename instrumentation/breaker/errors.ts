import { AppError } from '../errors.js';

// AppErrors whose codes are the ones a client of the stack sees, so a route that lets them propagate
// answers 503/504/502 with a stable code and no service re-maps them.

/** The breaker is open (or shut down): the call was refused without reaching the upstream. */
export class BreakerOpenError extends AppError {
  override readonly code = 'upstream_circuit_open';
  readonly breaker: string;

  constructor(breaker: string, message = `Upstream '${breaker}' is unavailable (circuit open)`) {
    super(503, 'upstream_circuit_open', message);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
  }
}

/** The call ran past the breaker's `timeoutMs`; its signal was aborted with this error as the reason. */
export class BreakerTimeoutError extends AppError {
  override readonly code = 'upstream_timeout';
  readonly breaker: string;
  readonly timeoutMs: number;

  constructor(breaker: string, timeoutMs: number) {
    super(504, 'upstream_timeout', `Upstream '${breaker}' did not answer within ${timeoutMs} ms`);
    this.name = 'BreakerTimeoutError';
    this.breaker = breaker;
    this.timeoutMs = timeoutMs;
  }
}

/** The upstream could not be reached or dropped the connection (refused, reset, DNS failure). */
export class UpstreamUnavailableError extends AppError {
  override readonly code = 'upstream_unavailable';
  readonly breaker: string;

  constructor(breaker: string, options: { cause?: unknown } = {}) {
    const code = networkCode(options.cause);
    super(
      502,
      'upstream_unavailable',
      `Upstream '${breaker}' is unreachable${code ? ` (${code})` : ''}`,
      options,
    );
    this.name = 'UpstreamUnavailableError';
    this.breaker = breaker;
  }
}

/**
 * fetch refused to send the request as given: a method it forbids (TRACE, CONNECT), a body on GET, a
 * malformed URL, or a header undici will not send (`expect`, `upgrade`). Nothing reached the upstream,
 * so it is the caller's fault (400) and never counts against the upstream's breaker.
 */
export class UnsendableRequestError extends AppError {
  override readonly code = 'unsendable_request';
  readonly breaker: string;

  constructor(breaker: string, options: { cause?: unknown } = {}) {
    const reason = options.cause instanceof Error ? `: ${refusal(options.cause)}` : '';
    super(400, 'unsendable_request', `The request cannot be sent to '${breaker}'${reason}`, options);
    this.name = 'UnsendableRequestError';
    this.breaker = breaker;
  }
}

/** undici's own words, from the error or the cause it wraps in `TypeError('fetch failed')`. */
function refusal(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/**
 * The upstream answered, but not with what the caller needs: a status outside 2xx, or a body that is
 * not JSON. `details` name the upstream (its breaker) and the status it gave.
 */
export class UpstreamError extends AppError {
  override readonly code = 'upstream_error';
  readonly breaker: string;
  readonly upstreamStatus: number;

  constructor(breaker: string, upstreamStatus: number, problem = `answered ${upstreamStatus}`) {
    super(502, 'upstream_error', `Upstream '${breaker}' ${problem}`, {
      details: { upstream: breaker, upstreamStatus },
    });
    this.name = 'UpstreamError';
    this.breaker = breaker;
    this.upstreamStatus = upstreamStatus;
  }
}

/** undici reports `TypeError('fetch failed')` with the socket error (`ECONNREFUSED`, ...) as its cause. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : networkCode(cause, depth + 1);
}
