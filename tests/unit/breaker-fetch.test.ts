import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { breakerFetch } from '../../instrumentation/breaker/breaker-fetch.js';
import {
  BreakerOpenError,
  BreakerTimeoutError,
  UnsendableRequestError,
  UpstreamUnavailableError,
} from '../../instrumentation/breaker/errors.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

/** A real upstream: `/status/<code>` answers that code, `/slow` never answers and notes when it is dropped. */
class Upstream {
  requests: string[] = [];
  droppedBeforeAnswer = 0;
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(req.url ?? '');
    res.on('close', () => {
      if (!res.writableEnded) this.droppedBeforeAnswer++;
    });
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '')?.[1];
    if (status) {
      res.writeHead(Number(status), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: Number(status) }));
    }
    // /slow: no answer; the client's abort is what ends it.
  }
}

describe('breakerFetch against a real HTTP upstream', () => {
  const upstream = new Upstream();
  let base: string;
  let registry: BreakerRegistry;

  beforeAll(async () => {
    base = await upstream.start();
  });

  afterEach(() => {
    registry?.shutdown();
    upstream.requests = [];
  });

  afterAll(() => upstream.stop());

  const make = (timeoutMs = 2_000) => {
    registry = new BreakerRegistry({ defaults: { timeoutMs, volumeThreshold: 5, resetTimeoutMs: 60_000 } });
    return registry.getOrCreate('upstream');
  };

  it('when the upstream answers 200, then the response is returned with a readable body', async () => {
    const breaker = make();

    const response = await breakerFetch(breaker, `${base}/status/200`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 200 });
    expect(breaker.snapshot().stats).toMatchObject({ successes: 1, failures: 0 });
  });

  it('when the upstream answers 5xx, then each answer is returned, counted as a failure, and the breaker opens', async () => {
    const breaker = make();

    for (let i = 0; i < 5; i++) {
      const response = await breakerFetch(breaker, `${base}/status/503`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 503 });
    }

    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().stats.failures).toBe(5);
    await expect(breakerFetch(breaker, `${base}/status/200`)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(upstream.requests).toHaveLength(5);
  });

  it('when the upstream answers 4xx, then the answers are returned and the breaker stays closed', async () => {
    const breaker = make();

    for (let i = 0; i < 6; i++) expect((await breakerFetch(breaker, `${base}/status/404`)).status).toBe(404);

    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().stats).toMatchObject({ successes: 6, failures: 0 });
  });

  it('when the upstream refuses connections, then it rejects with UpstreamUnavailableError counted as a failure', async () => {
    const breaker = make();
    const closedPort = await freePort();

    const error = await breakerFetch(breaker, `http://127.0.0.1:${closedPort}/`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ code: 'upstream_unavailable', breaker: 'upstream', status: 502 });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(breaker.snapshot().stats.failures).toBe(1);
  });

  it('when the upstream is slower than the timeout, then it rejects with BreakerTimeoutError and the request is aborted', async () => {
    const breaker = make(200);
    const dropped = upstream.droppedBeforeAnswer;

    const error = await breakerFetch(breaker, `${base}/slow`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BreakerTimeoutError);
    await waitFor(() => (upstream.droppedBeforeAnswer > dropped ? true : undefined), {
      timeoutMs: 2_000,
      what: 'the upstream to see the request aborted',
    });
    expect(breaker.snapshot().stats.timeouts).toBe(1);
  });

  it('when the caller aborts its own signal, then the request is aborted and not counted as a failure', async () => {
    const breaker = make();
    const caller = new AbortController();
    const dropped = upstream.droppedBeforeAnswer;

    const pending = breakerFetch(breaker, `${base}/slow`, { signal: caller.signal }).catch((e: unknown) => e);
    await waitFor(() => (upstream.requests.includes('/slow') ? true : undefined), { what: 'the request' });
    caller.abort(new Error('client went away'));

    expect(await pending).toMatchObject({ message: 'client went away' });
    await waitFor(() => (upstream.droppedBeforeAnswer > dropped ? true : undefined), { what: 'the abort' });
    expect(breaker.snapshot().stats).toMatchObject({ failures: 0, timeouts: 0 });
  });

  it('when the URL is malformed, then it throws before the breaker counts anything', async () => {
    const breaker = make();

    await expect(breakerFetch(breaker, 'not a url')).rejects.toThrow(UnsendableRequestError);

    expect(breaker.snapshot().stats.calls).toBe(0);
  });

  it('when fetch refuses the method (TRACE, CONNECT) or a body on GET, then it rejects with a 400 before the breaker counts anything', async () => {
    const breaker = make();

    for (const init of [{ method: 'TRACE' }, { method: 'CONNECT' }, { method: 'GET', body: 'x' }]) {
      const error = await breakerFetch(breaker, `${base}/status/200`, init).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsendableRequestError);
      expect(error).toMatchObject({ status: 400, code: 'unsendable_request' });
    }

    expect(breaker.snapshot().stats).toMatchObject({ calls: 0, failures: 0 });
    expect(upstream.requests).toEqual([]);
  });

  it('when undici refuses a header only as it sends (expect, upgrade), then it is a 400 and never a failure, however often', async () => {
    const breaker = make();

    for (let i = 0; i < 10; i++) {
      const headers = i % 2 ? { expect: '100-continue' } : { upgrade: 'websocket' };
      const error = await breakerFetch(breaker, `${base}/status/200`, { headers }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'unsendable_request' });
    }

    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().stats.failures).toBe(0);
    expect(upstream.requests).toEqual([]);
  });
});
