import type { Request, Response } from 'express';
import { breakerFetch, identityHeaders, type ServiceBreaker } from '../../../instrumentation/index.js';
import { API_KEY_HEADER } from './client-keys.js';

/** Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  'content-encoding',
  // 100-continue is negotiated per hop (RFC 9110 §10.1.1): Node answered it already, and undici refuses it.
  'expect',
]);
/** Ours, not the upstream's: the gateway's own trace position and security headers stay. */
const KEEP_OURS = new Set(['traceresponse', 'traceparent', 'tracestate']);

/** Whether a header passes the gateway, in either direction. */
export const forwardable = (name: string) => !HOP_BY_HOP.has(name) && !KEEP_OURS.has(name);

/** The extra hop-by-hop headers a Connection header names (RFC 9110 §7.6.1: dropped with it). */
function connectionOptions(value: string | string[] | null | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(text.split(',').map((option) => option.trim().toLowerCase()));
}

export function forwardHeaders(req: Request): Headers {
  const headers = new Headers();
  const listed = connectionOptions(req.headers.connection);
  for (const [name, value] of Object.entries(req.headers)) {
    if (!forwardable(name) || listed.has(name) || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // Upstreams trust only the identity the gateway signs: never a key or an address a client sends.
  headers.delete(API_KEY_HEADER);
  headers.delete('x-forwarded-for');
  for (const [name, value] of Object.entries(identityHeaders(req))) headers.set(name, value);
  return headers;
}

/**
 * The body exactly as the client sent it (the gateway reads bodies raw, never parses them): whatever
 * the upstream makes of it, a 400 included, is its answer. Its Content-Type passes with the headers.
 */
export function forwardBody(req: Request): Buffer | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  return Buffer.isBuffer(req.body) ? req.body : undefined;
}

/**
 * Forwards a request to one upstream through its breaker and copies the answer back, whatever its
 * status. The breaker's errors carry the client-facing codes: an upstream down answers 502
 * `upstream_unavailable`, a timeout 504 `upstream_timeout`, an open breaker 503 `upstream_circuit_open`.
 */
export async function proxy(
  req: Request,
  res: Response,
  breaker: ServiceBreaker,
  baseUrl: string,
): Promise<void> {
  const body = forwardBody(req);
  const headers = forwardHeaders(req);
  const upstream = await breakerFetch(breaker, `${baseUrl}${req.originalUrl}`, {
    method: req.method,
    headers,
    body,
  });
  const listed = connectionOptions(upstream.headers.get('connection'));
  upstream.headers.forEach((value, name) => {
    if (forwardable(name) && !listed.has(name)) res.setHeader(name, value);
  });
  res.status(upstream.status).send(Buffer.from(await upstream.arrayBuffer()));
}
