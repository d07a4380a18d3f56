import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../instrumentation/breaker/errors.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import { upstreamJson } from '../../instrumentation/breaker/upstream-json.js';
import { freePort } from '../../scripts/tooling/free-port.js';

/** `/json/<code>` answers that code with a JSON body; `/text` answers 200 with a body that is not JSON. */
function startUpstream(seen: Array<string | undefined>): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push(req.headers.accept);
    const status = /^\/json\/(\d{3})$/.exec(req.url ?? '')?.[1];
    if (status) res.writeHead(Number(status), { 'content-type': 'application/json' }).end('{"ok":true}');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the upstream JSON client', () => {
  const accepts: Array<string | undefined> = [];
  let server: Server;
  let base: string;
  let registry: BreakerRegistry;

  beforeAll(async () => {
    server = await startUpstream(accepts);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => registry?.shutdown());
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const breaker = () => {
    registry = new BreakerRegistry({ defaults: { timeoutMs: 2_000 } });
    return registry.getOrCreate('budget');
  };

  it('when the upstream answers 2xx JSON, then the parsed body comes back and JSON was asked for', async () => {
    await expect(upstreamJson(breaker(), `${base}/json/200`)).resolves.toEqual({ ok: true });
    expect(accepts.at(-1)).toBe('application/json');
  });

  it('when the upstream answers 4xx or 5xx, then one upstream_error names the upstream and its status', async () => {
    for (const status of [404, 503]) {
      const error = await upstreamJson(breaker(), `${base}/json/${status}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({
        status: 502,
        code: 'upstream_error',
        details: { upstream: 'budget', upstreamStatus: status },
      });
    }
  });

  it('when the body is not JSON, then it is an upstream_error too', async () => {
    const error = await upstreamJson(breaker(), `${base}/text`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_error', details: { upstreamStatus: 200 } });
  });

  it('when nothing listens, then the breaker code reaches the caller unchanged', async () => {
    const error = await upstreamJson(breaker(), `http://127.0.0.1:${await freePort()}/`).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 502, code: 'upstream_unavailable' });
  });
});
