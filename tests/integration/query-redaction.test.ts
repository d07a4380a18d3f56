import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { isComposeTarget } from '../support/compose.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { ServiceProcess } from '../support/service-process.js';

const FIXTURE = 'dist/tests/fixtures/conformance/main.js';
const PROMPT = 'my very private prompt 7f3a';
const SIGNATURE = 'sig-value-c41d';
const MODES = ['lean', 'contrib'] as const;

// Runs its own fixture processes: meaningless against the compose stack, so it skips there.
describe.skipIf(isComposeTarget())('prompt and signature query parameters in spans', () => {
  let receiver: OtlpReceiver;
  const apps: ServiceProcess[] = [];

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    for (const mode of MODES) {
      apps.push(
        await ServiceProcess.start({
          name: `redaction-${mode}`,
          entry: FIXTURE,
          env: {
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
            OTEL_TRACES_SAMPLER: 'always_on',
            OTEL_STACK_HTTP_INSTRUMENTATION: mode,
          },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await receiver?.stop();
  });

  it.each(MODES.map((mode, i) => [mode, i] as const))(
    'when a prompt goes out as a query parameter (%s), then no span carries it and every URL says REDACTED',
    async (mode, index) => {
      const app = apps[index]!;
      const query = new URLSearchParams({ prompt: PROMPT, sig: SIGNATURE, n: '1' }).toString();
      for (const path of ['/call', '/call-node-http']) {
        expect((await fetch(`${app.url}${path}?${query}`)).status).toBe(200);
      }
      const service = `redaction-${mode}`;
      // Per call: the server span, the client span (undici or node:http), the called route's server span.
      const spans = await waitFor(() => {
        const exported = receiver.spansOfService(service).filter((s) => s.kind !== 'internal');
        return exported.length >= 6 ? exported : undefined;
      });
      expect(spans.filter((s) => s.kind === 'client')).toHaveLength(2);
      const everything = JSON.stringify(receiver.spansOfService(service), (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      expect(everything).not.toContain('private');
      expect(everything).not.toContain(SIGNATURE);
      for (const span of spans) {
        const urls = [span.attributes['url.query'], span.attributes['url.full']].filter(
          (v) => v !== undefined,
        );
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) {
          expect(String(url)).toContain('prompt=REDACTED');
          expect(String(url)).toContain('sig=REDACTED');
        }
      }
    },
  );
});
