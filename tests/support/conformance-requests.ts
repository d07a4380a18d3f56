/**
 * The requests the HTTP-instrumentation conformance test sends, the same to each mode, and how it
 * reads what came back. Each case sends `case=<name>` in its query, so its server span is found by
 * `url.query` whatever its trace id.
 */
export interface ConformanceCase {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The client gives up after the first chunk of the response. */
  abort?: boolean;
}

const REMOTE_SPAN_ID = '00f067aa0ba902b7';
export const sampledParent = (traceId: string) => `00-${traceId}-${REMOTE_SPAN_ID}-01`;
export const unsampledParent = (traceId: string) => `00-${traceId}-${REMOTE_SPAN_ID}-00`;

/** A fresh trace id per mode, so the two runs' remote-parent traces do not mix. */
export function conformanceCases(traceIds: { sampled: string; unsampled: string; state: string }) {
  const cases: ConformanceCase[] = [
    { name: 'params', path: '/items/42?case=params&sig=secret&b=a%20b' },
    { name: 'mounted-params', path: '/api/v1/things/7?case=mounted-params' },
    { name: 'not-found', path: '/nope?case=not-found' },
    { name: 'not-found-under-mount', path: '/api/v1/missing?case=not-found-under-mount' },
    { name: 'thrown', path: '/boom?case=thrown' },
    { name: 'aborted', path: '/held?case=aborted', abort: true },
    { name: 'post', method: 'POST', path: '/echo?case=post', body: { a: 1 } },
    { name: 'other-method', method: 'PURGE', path: '/items/1?case=other-method' },
    {
      name: 'forwarded',
      path: '/items/f?case=forwarded',
      headers: {
        forwarded: 'for="[2001:db8::7]:4711";host="api.example.com:8443";proto=https',
        'x-forwarded-for': '203.0.113.9',
      },
    },
    {
      // RFC 7239 wants a value with a colon quoted: the whole header is then ignored.
      name: 'forwarded-malformed',
      path: '/items/m?case=forwarded-malformed',
      headers: { forwarded: 'for=198.51.100.4;host=api.example.com:8443', 'x-forwarded-for': '203.0.113.9' },
    },
    {
      name: 'sampled-parent',
      path: '/items/r1?case=sampled-parent',
      headers: { traceparent: sampledParent(traceIds.sampled) },
    },
    {
      name: 'unsampled-parent',
      path: '/call?case=unsampled-parent',
      headers: { traceparent: unsampledParent(traceIds.unsampled) },
    },
    {
      name: 'state-and-baggage',
      path: '/call?case=state-and-baggage&prompt=tell%20me%20a%20secret',
      headers: {
        traceparent: sampledParent(traceIds.state),
        tracestate: 'vendor=abc,other=1',
        baggage: 'tenant=t1,plan=gold',
      },
    },
  ];
  return cases;
}

/** How many server requests the cases make: each `/call` makes one more, to the same app. */
export function serverRequestCount(cases: ConformanceCase[]): number {
  return cases.length + cases.filter((c) => c.path.startsWith('/call')).length;
}

/** Sends one case; for an aborted one, waits for the first chunk, then drops the connection. */
export async function send(baseUrl: string, c: ConformanceCase): Promise<{ status: number; body: unknown }> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}${c.path}`, {
    method: c.method ?? 'GET',
    headers: { ...(c.body ? { 'content-type': 'application/json' } : {}), ...c.headers },
    body: c.body ? JSON.stringify(c.body) : undefined,
    signal: controller.signal,
  });
  if (c.abort) {
    const reader = res.body?.getReader();
    await reader?.read();
    controller.abort();
    await reader?.cancel().catch(() => undefined);
    return { status: res.status, body: undefined };
  }
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as unknown) : text };
}
