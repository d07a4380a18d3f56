import { describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.js';
import { useStack } from '../support/use-stack.js';

const JOBS = '/api/v1/training/jobs';
const JSON_TYPE = { 'content-type': 'application/json' };
/** Past the default BODY_LIMIT_BYTES (100 KiB), the same at the gateway and at the services. */
const OVER_LIMIT = 200 * 1024;

/** `{"a":{"a":...1...}}`, `depth` objects deep: valid JSON that a service refuses as a job. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('bodies through the gateway: forwarded as sent, so the service’s answer is the answer', () => {
  const stack = useStack({ services: ['training', 'web'] });
  const post = (base: string, body: string, headers: Record<string, string> = JSON_TYPE) =>
    rawRequest(base, { method: 'POST', path: JOBS, headers, body });

  it('when a body is JSON nested 5,000 levels deep, then the gateway answers the service’s own 400 and logs no unhandled error', async () => {
    const direct = await post(stack.url('training'), nested(5_000));
    const through = await post(stack.url('web'), nested(5_000));

    expect(direct.status).toBe(400);
    expect(through.status).toBe(direct.status);
    expect(through.headers['content-type']).toMatch(/^application\/json/);
    expect(through.body).toEqual(direct.body);
    expect(stack.logs()).not.toContain('unhandled error');
  });

  it('when a body is not valid JSON, then the service’s 400 invalid_json comes back through the gateway', async () => {
    const res = await post(stack.url('web'), '{"provider": "alpha",');

    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('when a valid body is written loosely, then the service reads it as sent and creates the job', async () => {
    const body = '{ "datasetRows": 500,\n  "model": "alpha-large-2", "provider": "alpha" }';

    const res = await post(stack.url('web'), body);

    expect(res).toMatchObject({ status: 202, body: { provider: 'alpha', datasetRows: 500 } });
  });

  it('when a body is over the limit, then the gateway answers 413 payload_too_large in JSON, whatever its type', async () => {
    const big = JSON.stringify({ provider: 'alpha', padding: 'x'.repeat(OVER_LIMIT) });

    const json = await post(stack.url('web'), big);
    const text = await post(stack.url('web'), big, { 'content-type': 'text/plain' });

    for (const res of [json, text]) {
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ error: { code: 'payload_too_large' } });
    }
  });
});
