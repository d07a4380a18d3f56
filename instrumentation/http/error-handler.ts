import { trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isRedisUnavailable } from '../redis/unavailable.js';
import { recordFailure } from '../tracing/spans.js';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** body-parser's error types, mapped to this stack's error codes and messages. */
const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'invalid_json', message: 'Request body is not valid JSON' },
  'entity.too.large': { code: 'payload_too_large', message: 'Request body is too large' },
  'encoding.unsupported': { code: 'unsupported_encoding', message: 'Request body encoding is not supported' },
  'charset.unsupported': { code: 'unsupported_charset', message: 'Request body charset is not supported' },
  'request.aborted': { code: 'request_aborted', message: 'Request was aborted' },
};

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody('not_found', `No route for ${req.method} ${req.path}`));
  };
}

/**
 * The one error handler, registered last. It answers JSON and never a stack trace; unexpected errors
 * are logged with their stack and recorded on the active span.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof AppError) {
      res.status(error.status).json(errorBody(error.code, error.message, error.details));
      return;
    }
    const parserError = error as BodyParserError;
    const known = parserError?.type ? BODY_ERRORS[parserError.type] : undefined;
    if (known && typeof parserError.status === 'number') {
      res.status(parserError.status).json(errorBody(known.code, known.message));
      return;
    }
    if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json(errorBody('bad_request', 'Bad request'));
      return;
    }
    const span = trace.getActiveSpan();
    if (isRedisUnavailable(error)) {
      span?.setAttribute(ATTR_ERROR_TYPE, 'redis_unavailable');
      logger.warn({ err: error }, 'Redis unavailable');
      res
        .status(503)
        .json(errorBody('dependency_unavailable', 'A storage dependency is unavailable; retry shortly'));
      return;
    }
    if (span) recordFailure(span, error);
    logger.error({ err: error }, 'unhandled error');
    res.status(500).json(errorBody('internal_error', 'Internal server error'));
  };
}
