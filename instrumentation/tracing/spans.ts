import { context, SpanStatusCode, trace, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { AppError } from '../errors.js';

/**
 * Whether a failure is the service's own: an unexpected error, or an AppError that answers 5xx. A 4xx
 * AppError is the caller's doing (bad input, unknown id, a repeated vote) and, as the HTTP semantic
 * conventions say of server spans, is no error of the span's.
 */
export function isServerFault(error: unknown): boolean {
  return !(error instanceof AppError) || error.status >= 500;
}

/** `error.type`: the AppError's stable code, else the error class's name. */
function errorType(error: unknown): string {
  if (error instanceof AppError) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}

/**
 * The stack's one policy for a failure on a span: a server fault sets `error.type`, records the
 * exception and ERROR status; a caller's fault leaves the span as it is. Returns whether it recorded.
 */
export function recordFailure(span: Span, error: unknown): boolean {
  if (!isServerFault(error)) return false;
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
  return true;
}

/**
 * Runs `body` in a new active span: a failure is recorded by `recordFailure` and rethrown, and the span
 * always ends. Every business span of the stack is made here.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  body: (span: Span) => T | Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await body(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The request's SERVER span from anywhere inside the request: the http instrumentation keeps it in the
 * context's RPC metadata, so business spans started since do not hide it. Falls back to the active span.
 */
export function serverSpan(ctx = context.active()): Span | undefined {
  return getRPCMetadata(ctx)?.span ?? trace.getSpan(ctx);
}
