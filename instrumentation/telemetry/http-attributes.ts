import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import { parse as parseForwardedHeader } from 'forwarded-parse';
import { redactQueryString } from './query-redaction.js';

// Pure helpers: the stable HTTP semantic-convention attributes of an incoming request, computed the
// way @opentelemetry/instrumentation-http 0.301 computes them (the conformance test holds them
// equal), but without building a URL object for ordinary request targets.

export type Scheme = 'http' | 'https';

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** The semantic-convention method: a known method in upper case, else `_OTHER`. */
export function normaliseMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`, with the scheme's port when none is given. */
export function parseHost(value: string, scheme: string | undefined): { host: string; port?: string } {
  const parts = value.split(':');
  const defaultPort = scheme === 'http' ? '80' : scheme === 'https' ? '443' : undefined;
  if (parts.length === 1) return { host: value, ...(defaultPort ? { port: defaultPort } : {}) };
  if (parts.length === 2) return { host: parts[0] ?? '', port: parts[1] ?? '' };
  if (value.startsWith('[')) {
    // Brackets are kept in server.address, as instrumentation-http keeps them.
    if (value.endsWith(']')) return { host: value, ...(defaultPort ? { port: defaultPort } : {}) };
    const close = value.lastIndexOf(']:');
    if (close > 0) return { host: value.slice(0, close + 1), port: value.slice(close + 2) };
  }
  return { host: value };
}

/**
 * RFC 7239 `Forwarded` elements, parsed strictly as instrumentation-http parses them (the same
 * library): a malformed header counts as absent.
 */
function forwardedElements(header: string): Array<Record<string, string | undefined>> {
  try {
    return parseForwardedHeader(header);
  } catch {
    return [];
  }
}

function serverAddress(req: IncomingMessage, scheme: Scheme): { host: string; port?: string } | undefined {
  const forwarded = first(req.headers.forwarded);
  if (forwarded) {
    for (const entry of forwardedElements(forwarded))
      if (entry.host) return parseHost(entry.host, entry.proto);
  }
  const forwardedHost = first(req.headers['x-forwarded-host']);
  if (forwardedHost) return parseHost(forwardedHost, first(req.headers['x-forwarded-proto']));
  const host = req.headers.host;
  return host ? parseHost(host, scheme) : undefined;
}

// A path of these characters, free of dot segments, is its own WHATWG-normalised pathname.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@/%]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

/** Path and query of the request target, as `new URL(target, base)` would give them. */
export function splitTarget(target: string): { path: string | undefined; query: string } {
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  if (PLAIN_PATH.test(rawPath) && !DOT_SEGMENT.test(rawPath)) {
    return { path: rawPath, query: mark < 0 ? '' : target.slice(mark + 1) };
  }
  try {
    const url = new URL(target, 'http://localhost');
    return { path: url.pathname, query: url.search.slice(1) };
  } catch {
    return { path: undefined, query: '' };
  }
}

/**
 * The request-side attributes of a server span. Only sampled requests pay for them: an unsampled
 * span never leaves the process. The client's address (`client.address`, `network.peer.*`) is left
 * out: no client address reaches telemetry (see client-address-scrubber.ts for contrib's spans).
 */
export function requestAttributes(req: IncomingMessage, scheme: Scheme): Attributes {
  const method = req.method;
  const normalised = normaliseMethod(method);
  const { path, query } = splitTarget(req.url ?? '/');
  const address = serverAddress(req, scheme);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: normalised,
    [ATTR_URL_SCHEME]: scheme,
    [ATTR_SERVER_ADDRESS]: address?.host,
    [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
    [ATTR_USER_AGENT_ORIGINAL]: req.headers['user-agent'],
  };
  if (path !== undefined) attributes[ATTR_URL_PATH] = path;
  if (query) attributes[ATTR_URL_QUERY] = redactQueryString(query);
  if (address?.port !== undefined) attributes[ATTR_SERVER_PORT] = Number(address.port);
  if (method !== normalised) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = method;
  return attributes;
}
