import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  normaliseMethod,
  parseHost,
  requestAttributes,
  splitTarget,
} from '../../instrumentation/telemetry/http-attributes.js';
import { redactedUndiciUrl, redactQueryString } from '../../instrumentation/telemetry/query-redaction.js';

function request(url: string, headers: Record<string, string> = {}, method = 'GET'): IncomingMessage {
  return {
    url,
    method,
    headers,
    httpVersion: '1.1',
    socket: { remoteAddress: '10.0.0.9', remotePort: 51000 },
  } as unknown as IncomingMessage;
}

describe('server span attributes of an incoming request', () => {
  it('when a request is sampled, then it carries the stable HTTP semantic-convention attributes, but never the client address', () => {
    const attributes = requestAttributes(
      request('/api/v1/budget/c1?from=today', {
        host: 'gateway:3000',
        'user-agent': 'curl/8',
        'x-forwarded-for': '203.0.113.5',
      }),
      'http',
    );
    expect(attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/api/v1/budget/c1',
      'url.query': 'from=today',
      'server.address': 'gateway',
      'server.port': 3000,
      'network.protocol.version': '1.1',
      'user_agent.original': 'curl/8',
    });
  });

  it('when the method is unknown, then it is _OTHER and the original is kept', () => {
    expect(normaliseMethod('get')).toBe('GET');
    expect(normaliseMethod('BREW')).toBe('_OTHER');
    expect(requestAttributes(request('/', {}, 'BREW'), 'http')).toMatchObject({
      'http.request.method': '_OTHER',
      'http.request.method_original': 'BREW',
    });
  });

  it('when Host has no port, then the scheme gives it; an IPv6 host keeps its brackets', () => {
    expect(parseHost('example.com', 'http')).toEqual({ host: 'example.com', port: '80' });
    expect(parseHost('example.com', 'https')).toEqual({ host: 'example.com', port: '443' });
    expect(parseHost('[::1]:8080', 'http')).toEqual({ host: '[::1]', port: '8080' });
    expect(parseHost('[::1]', 'http')).toEqual({ host: '[::1]', port: '80' });
  });

  it('when the target has dot segments or odd characters, then the path is the WHATWG-normalised one', () => {
    expect(splitTarget('/a/../b?c=d')).toEqual({ path: '/b', query: 'c=d' });
    expect(splitTarget('/a b/"x"')).toEqual({ path: '/a%20b/%22x%22', query: '' });
    expect(splitTarget('/only/path')).toEqual({ path: '/only/path', query: '' });
    expect(splitTarget('http://example.com/a/b?c=d')).toEqual({ path: '/a/b', query: 'c=d' });
  });
});

describe('query redaction', () => {
  it('when the query holds a prompt or a signature, then their values are REDACTED and the rest kept', () => {
    expect(redactQueryString('a=1&sig=secret&prompt=tell%20me')).toBe('a=1&sig=REDACTED&prompt=REDACTED');
    // Re-serialised as instrumentation-http does, redacted or not.
    expect(redactQueryString('q=a%20b')).toBe('q=a+b');
  });

  it('when undici calls a URL with a prompt, then url.full and url.query carry REDACTED instead', () => {
    expect(redactedUndiciUrl({ origin: 'http://svc:3000', path: '/x?prompt=secret&n=1' })).toEqual({
      'url.full': 'http://svc:3000/x?prompt=REDACTED&n=1',
      'url.query': '?prompt=REDACTED&n=1',
    });
    expect(redactedUndiciUrl({ origin: 'http://svc:3000', path: '/x?n=1' })).toEqual({});
  });
});
