import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import type { RequestHandler } from 'express';

export const TRACERESPONSE_HEADER = 'traceresponse';

/**
 * W3C Trace Context Level 2 `traceresponse`: `00-<trace-id>-<server-span-id>-<flags>`, so a user can
 * paste the trace id into Jaeger. The server span comes from the http instrumentation's RPC metadata,
 * not the active span, which may be an express layer span.
 */
export function traceResponse(): RequestHandler {
  return (_req, res, next) => {
    const active = context.active();
    const span = getRPCMetadata(active)?.span ?? trace.getSpan(active);
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
