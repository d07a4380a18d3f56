import { AppError } from '../errors.js';

// AppErrors, so a route that lets them propagate answers 503/504/502 with the code instead of a bare 500.

/** The breaker is open (or shut down): the call was refused without reaching the upstream. */
export class BreakerOpenError extends AppError {
  override readonly code = 'circuit_open';
  readonly breaker: string;

  constructor(breaker: string, message = `Circuit '${breaker}' is open`) {
    super(503, 'circuit_open', message);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
  }
}

/** The call ran past the breaker's `timeoutMs`; its signal was aborted with this error as the reason. */
export class BreakerTimeoutError extends AppError {
  override readonly code = 'timeout';
  readonly breaker: string;
  readonly timeoutMs: number;

  constructor(breaker: string, timeoutMs: number) {
    super(504, 'timeout', `Call through circuit '${breaker}' timed out after ${timeoutMs} ms`);
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
      `Upstream behind circuit '${breaker}' is unreachable${code ? ` (${code})` : ''}`,
      options,
    );
    this.name = 'UpstreamUnavailableError';
    this.breaker = breaker;
  }
}

/** undici reports `TypeError('fetch failed')` with the socket error (`ECONNREFUSED`, ...) as its cause. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : networkCode(cause, depth + 1);
}
