/**
 * What a client sends that is its own, a prompt, an API key and its address, must never reach a span,
 * a metric or a log line, by any route: through the gateway or straight to a service, in the body or
 * in the query string, answered or refused. Every request below carries all three; then everything the
 * services exported and logged is searched for them.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { adminHeaders, apiKey, signedAs } from '../support/clients.js';
import { rawRequest } from '../support/raw-http.js';
import { canReadMetrics } from '../support/stack.js';
import { traceIdOf } from '../support/trace-source.js';
import { useStack } from '../support/use-stack.js';

// Another loopback address than the servers' 127.0.0.1: wherever it shows up, it came from the client.
const CLIENT_ADDRESS = '127.0.0.2';
// A documentation address (RFC 5737), forged by the client as the one it came from.
const FORGED_ADDRESS = '203.0.113.77';
const SERVICES = ['provider-sim', 'budget', 'web', 'coach', 'reports'] as const;
const PROMPT = `never-logged-prompt-${process.pid}-${Date.now().toString(36)}`;

// The lean server instrumentation (the default) and contrib's, which records client addresses that
// a span processor then removes.
describe.skipIf(!canReadMetrics()).each(['lean', 'contrib'])(
  'no prompt, key or client address in telemetry (%s)',
  (mode) => {
    const stack = useStack({
      services: [...SERVICES],
      env: Object.fromEntries(SERVICES.map((s) => [s, { OTEL_STACK_HTTP_INSTRUMENTATION: mode }])),
    });

    it('when a prompt, a key and a forged address travel through every route that takes them, then no exported span, metric or log line holds any of them', async () => {
      const key = await apiKey(stack, 'secretive');
      const clientHeaders = { 'x-api-key': key, 'x-forwarded-for': FORGED_ADDRESS };
      const json = { 'content-type': 'application/json' };
      const body = (fields: Record<string, unknown>) => JSON.stringify({ prompt: PROMPT, ...fields });
      const query = `prompt=${encodeURIComponent(PROMPT)}&providers=alpha&api_key=${key}`;
      const web = stack.url('web');
      const budget = stack.url('budget');
      const calls: Array<{
        url: string;
        method?: string;
        path: string;
        headers?: Record<string, string>;
        body?: string;
      }> = [
        // Through the gateway: a fresh burst, the same again (cached), the cached look-up by query string
        // (found and not), a refused body, and the routes that take a client but no prompt.
        {
          url: web,
          method: 'POST',
          path: '/api/v1/providers/burst',
          headers: { ...clientHeaders, ...json },
          body: body({ providers: ['alpha'] }),
        },
        {
          url: web,
          method: 'POST',
          path: '/api/v1/providers/burst',
          headers: { ...clientHeaders, ...json },
          body: body({ providers: ['alpha'] }),
        },
        { url: web, path: `/api/v1/providers/burst?${query}`, headers: clientHeaders },
        { url: web, path: `/api/v1/providers/burst?${query}&maxTokens=7`, headers: clientHeaders },
        {
          url: web,
          method: 'POST',
          path: '/api/v1/providers/burst',
          headers: { ...clientHeaders, ...json },
          body: body({ maxTokens: -1 }),
        },
        { url: web, path: `/api/v1/budget?${query}`, headers: clientHeaders },
        { url: web, path: `/api/v1/coach/advice?${query}`, headers: clientHeaders },
        { url: web, path: `/api/v1/reports/comprehensive?${query}`, headers: clientHeaders },
        // An invented key, refused at the gateway, and a prompt sent to a path nobody serves.
        {
          url: web,
          path: `/api/v1/providers/burst?${query}`,
          headers: { ...clientHeaders, 'x-api-key': `${key}x` },
        },
        { url: web, path: `/api/v1/nowhere?${query}`, headers: clientHeaders },
        // Straight to budget, as the gateway would send it (signed) and as an attacker would (forged).
        {
          url: budget,
          method: 'POST',
          path: '/api/v1/providers/burst',
          headers: { ...signedAs(stack, 'secretive'), ...json, 'x-forwarded-for': FORGED_ADDRESS },
          body: body({ providers: ['beta'] }),
        },
        { url: budget, path: `/api/v1/providers/burst?${query}`, headers: clientHeaders },
        // Straight to provider-sim, which a prompt reaches on every fan-out.
        {
          url: stack.url('provider-sim'),
          method: 'POST',
          path: '/v1/providers/alpha/complete',
          headers: { ...json, 'x-forwarded-for': FORGED_ADDRESS },
          body: body({ maxTokens: 8 }),
        },
        // The admin route answers the key itself: that answer must not be recorded either.
        {
          url: web,
          method: 'POST',
          path: '/api/v1/admin/api-keys',
          headers: { ...adminHeaders(stack), ...json, 'x-forwarded-for': FORGED_ADDRESS },
          body: JSON.stringify({ client: 'secretive-two' }),
        },
      ];
      const statuses: number[] = [];
      const traceIds: string[] = [];
      for (const call of calls) {
        const answer = await rawRequest(call.url, { ...call, localAddress: CLIENT_ADDRESS });
        statuses.push(answer.status);
        const traceresponse = answer.headers.traceresponse;
        if (typeof traceresponse === 'string') traceIds.push(traceIdOf(traceresponse));
      }
      // The routes were really taken: answers, refusals and errors alike, never a failure to connect.
      expect(statuses.filter((s) => s === 200).length, JSON.stringify(statuses)).toBeGreaterThanOrEqual(6);
      expect(statuses, JSON.stringify(statuses)).toContain(401);
      expect(statuses, JSON.stringify(statuses)).toContain(400);
      expect(traceIds.length).toBe(calls.length);

      // Everything those requests caused has been exported: every trace, and two more rounds of every
      // service's metrics after the last answer.
      const metricExports = () => stack.everythingEmitted().exported.split('"resourceMetrics"').length;
      const exportsBefore = metricExports();
      for (const traceId of traceIds) {
        await waitFor(
          async () => ((await stack.traces.spansOfTrace(traceId)).length > 0 ? true : undefined),
          {
            timeoutMs: 15_000,
            what: `trace ${traceId}`,
          },
        );
      }
      await waitFor(() => (metricExports() >= exportsBefore + 2 * SERVICES.length ? true : undefined), {
        timeoutMs: 15_000,
        what: 'two more metric exports of every service',
      });

      const { exported, logs } = stack.everythingEmitted();
      const secrets = {
        prompt: PROMPT,
        key,
        'forged address': FORGED_ADDRESS,
        'client address': CLIENT_ADDRESS,
      };
      const leaks = Object.entries(secrets).flatMap(([what, value]) => [
        ...(exported.includes(value) ? [`${what} in exported telemetry: …${around(exported, value)}…`] : []),
        ...(logs.includes(value) ? [`${what} in a log line: …${around(logs, value)}…`] : []),
      ]);
      expect(leaks).toEqual([]);
      // The search itself works: what is expected in the telemetry is there.
      expect(exported).toContain('/api/v1/providers/burst');
      expect(exported).toContain('REDACTED');
    });
  },
);

/** The text around the first `value` in `text`, to show where a leak is. */
function around(text: string, value: string): string {
  const at = text.indexOf(value);
  return text.slice(Math.max(0, at - 200), at + value.length + 100);
}
