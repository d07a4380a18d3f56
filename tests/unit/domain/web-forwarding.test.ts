import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { establishIdentity } from '../../../instrumentation/identity/client-identity.js';
import { IdentityProof } from '../../../instrumentation/identity/identity-proof.js';
import { forwardable, forwardBody, forwardHeaders } from '../../../services/web/domain/proxy.js';

/** The parts of an incoming request the forwarding rules read. */
function request(parts: {
  method?: string;
  headers?: Record<string, string | string[] | undefined>;
  ip?: string;
  body?: unknown;
}): Request {
  return {
    method: parts.method ?? 'GET',
    headers: parts.headers ?? {},
    ip: parts.ip,
    socket: { remoteAddress: '10.0.0.9' },
    body: parts.body,
  } as unknown as Request;
}

describe('gateway headers: what passes to the upstream', () => {
  it('when a request carries end-to-end headers, then they pass unchanged', () => {
    const headers = forwardHeaders(
      request({ headers: { 'x-request-id': 'r1', accept: 'application/json', 'user-agent': 'curl/8' } }),
    );

    expect(headers.get('x-request-id')).toBe('r1');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('user-agent')).toBe('curl/8');
  });

  it('when a request carries hop-by-hop headers (RFC 9110 §7.6.1), then none of them passes', () => {
    const hopByHop = {
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      'proxy-connection': 'keep-alive',
      'transfer-encoding': 'chunked',
      te: 'trailers',
      trailer: 'x-checksum',
      upgrade: 'websocket',
      host: 'gateway.example',
      'content-length': '42',
      'content-encoding': 'gzip',
      expect: '100-continue',
    };

    const headers = forwardHeaders(request({ headers: hopByHop }));

    expect([...headers.keys()]).toEqual([]);
  });

  it('when the Connection header names more options, then those headers are dropped too (RFC 9110 §7.6.1)', () => {
    const headers = forwardHeaders(
      request({
        headers: { connection: 'keep-alive, X-Hop-Secret', 'x-hop-secret': 's3cret', 'x-request-id': 'r1' },
      }),
    );

    expect(headers.has('x-hop-secret')).toBe(false);
    expect(headers.get('x-request-id')).toBe('r1');
  });

  it('when the gateway has identified the client, then the upstream gets that identity signed, and neither the key nor any address or identity the client sent', () => {
    const secret = 'forwarding-test-secret-'.padEnd(40, '0');
    const req = request({
      headers: {
        'x-api-key': 'osk_client-key',
        'x-forwarded-for': '203.0.113.7',
        'x-client-identity': 'client:someone-else',
        'x-client-identity-proof': 't=1;s=forged',
      },
    });
    establishIdentity(req, 'client:demo', new IdentityProof(secret));

    const headers = forwardHeaders(req);

    expect(headers.has('x-api-key')).toBe(false);
    expect(headers.has('x-forwarded-for')).toBe(false);
    expect(headers.get('x-client-identity')).toBe('client:demo');
    const proof = headers.get('x-client-identity-proof') ?? undefined;
    expect(new IdentityProof(secret).verify('client:demo', proof)).toBe('client:demo');
  });

  it('when a caller sends its own trace headers, then the gateway’s own trace position is not overwritten', () => {
    const headers = forwardHeaders(
      request({ headers: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'x=1' } }),
    );

    expect(headers.has('traceparent')).toBe(false);
    expect(headers.has('tracestate')).toBe(false);
  });

  it('when a caller sets x-forwarded-for itself, then it goes no further: upstreams trust only the signed identity', () => {
    const headers = forwardHeaders(
      request({ headers: { 'x-forwarded-for': '203.0.113.66' }, ip: '198.51.100.7' }),
    );

    expect(headers.has('x-forwarded-for')).toBe(false);
  });

  it('when a header came several times, then its values are joined with commas', () => {
    const headers = forwardHeaders(request({ headers: { 'x-tag': ['a', 'b'] } }));

    expect(headers.get('x-tag')).toBe('a, b');
  });
});

describe('gateway headers: what passes back from the upstream', () => {
  it('when the upstream answers with its own headers, then end-to-end ones pass and ours stay', () => {
    expect(['content-type', 'ratelimit', 'retry-after', 'x-request-id'].every(forwardable)).toBe(true);
    expect(['traceresponse', 'traceparent', 'tracestate'].some(forwardable)).toBe(false);
    expect(['content-length', 'transfer-encoding', 'connection', 'content-encoding'].some(forwardable)).toBe(
      false,
    );
  });
});

describe('gateway body: what is sent on', () => {
  const raw = Buffer.from('{"prompt": "hi"}');

  it('when the method is GET or HEAD, then no body is sent even if one was read', () => {
    expect(forwardBody(request({ method: 'GET', body: raw }))).toBeUndefined();
    expect(forwardBody(request({ method: 'HEAD', body: raw }))).toBeUndefined();
  });

  it('when another method carries a body, then its bytes are sent unchanged, never re-encoded', () => {
    expect(forwardBody(request({ method: 'POST', body: raw }))).toBe(raw);
    expect(forwardBody(request({ method: 'PUT', body: Buffer.from('[1, 2]') }))?.toString()).toBe('[1, 2]');
  });

  it('when a POST has no body, then none is sent', () => {
    expect(forwardBody(request({ method: 'POST' }))).toBeUndefined();
  });
});
