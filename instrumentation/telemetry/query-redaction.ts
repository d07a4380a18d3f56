import type { Attributes } from '@opentelemetry/api';
import { ATTR_URL_FULL, ATTR_URL_QUERY } from '@opentelemetry/semantic-conventions';

/**
 * Query parameters whose values never reach a span, on server and client spans alike: `prompt` (a
 * user's text) and the signature and credential keys instrumentation-http redacts by default (its
 * built-in list, repeated here because passing a list replaces it).
 */
export const REDACTED_QUERY_PARAMS: readonly string[] = [
  'prompt',
  // An API key belongs in the x-api-key header; one put in the query string by mistake is still a key.
  'api_key',
  'apikey',
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

/** What a redacted value becomes, as instrumentation-http writes it. */
export const REDACTED_VALUE = 'REDACTED';

/**
 * A query string (no leading `?`) with the listed values replaced. Always re-serialised through
 * URLSearchParams, as instrumentation-http does, so both give the same `url.query` byte for byte.
 */
export function redactQueryString(query: string): string {
  const params = new URLSearchParams(query);
  for (const key of REDACTED_QUERY_PARAMS) if (params.has(key)) params.set(key, REDACTED_VALUE);
  return params.toString();
}

function mentionsRedactedKey(query: string): boolean {
  return REDACTED_QUERY_PARAMS.some((key) => query.includes(key));
}

/**
 * For UndiciInstrumentation's `startSpanHook`: its 0.34 release copies the query into `url.full` and
 * `url.query` unredacted, and the hook's attributes replace its own before the span starts, so the
 * values never exist on a span. Its `url.query` keeps the leading `?`, as undici's own does.
 */
export function redactedUndiciUrl(request: { origin: string; path: string }): Attributes {
  const mark = request.path.indexOf('?');
  if (mark < 0) return {};
  const query = request.path.slice(mark + 1);
  if (!mentionsRedactedKey(query)) return {};
  try {
    const url = new URL(request.path, request.origin);
    url.search = redactQueryString(query);
    return { [ATTR_URL_FULL]: url.toString(), [ATTR_URL_QUERY]: url.search };
  } catch {
    // An unparsable URL gets no span from undici at all; nothing to redact.
    return {};
  }
}
