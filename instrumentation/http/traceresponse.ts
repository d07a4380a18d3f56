import { trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { serverSpan } from '../tracing/spans.js';

const TRACERESPONSE_HEADER = 'traceresponse';

/**
 * W3C Trace Context Level 2 `traceresponse`: `00-<trace-id>-<server-span-id>-<flags>`, so a user can
 * paste the trace id into Jaeger. It names the server span, not the active span, which may be an
 * express layer span.
 */
export function traceResponse(): RequestHandler {
  return (_req, res, next) => {
    const span = serverSpan();
    if (span) {
      const { traceId, spanId, traceFlags } = span.spanContext();
      if (trace.isSpanContextValid(span.spanContext())) {
        const flags = (traceFlags & 0xff).toString(16).padStart(2, '0');
        res.setHeader(TRACERESPONSE_HEADER, `00-${traceId}-${spanId}-${flags}`);
      }
    }
    next();
  };
}
