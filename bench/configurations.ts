/** The configurations the benchmark compares, each run as its own server process. */
export interface Configuration {
  id: string;
  label: string;
  /** The built entry, relative to the repository root. */
  entry: string;
  /** Started under the bootstrap (`--import dist/instrumentation/register.js`): traced. */
  tracing: boolean;
  /** Another bootstrap to start under instead of the stack's, relative to the repository root. */
  bootstrap?: string;
  env: Record<string, string>;
  /** Informational configurations are left out of a BENCH_QUICK run. */
  extra?: boolean;
}

const HELLO = 'dist/bench/apps/hello.js';
const AUTO_BOOTSTRAP = 'dist/bench/apps/auto-register.js';
const METRICS_OFF = { OTEL_METRICS_EXPORTER: 'none' };
/** The server-side instrumentation a traced configuration runs under (see the README). */
const LEAN = { OTEL_STACK_HTTP_INSTRUMENTATION: 'lean' };
const CONTRIB = { OTEL_STACK_HTTP_INSTRUMENTATION: 'contrib' };
/** The standard sampler variables, for the default set-up, which has no service-declared ratio. */
const sampled = (ratio: string) => ({
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: ratio,
});

export const BASELINE_ID = 'express';

export const CONFIGURATIONS: readonly Configuration[] = [
  {
    id: 'raw',
    label: 'raw node:http (reference)',
    entry: 'dist/bench/apps/raw-http.js',
    tracing: false,
    env: {},
  },
  { id: 'express', label: 'bare Express 5 hello', entry: HELLO, tracing: false, env: {} },
  {
    id: 'trace-100',
    label: '+ tracing (lean), 100% sampled, metrics on (the default)',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '1', ...LEAN },
  },
  {
    id: 'contrib-100',
    label: '+ tracing (contrib http + express), 100% sampled, metrics on',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '1', ...CONTRIB },
  },
  {
    id: 'trace-100-no-metrics',
    label: '+ tracing (lean), 100% sampled, metrics off',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '1', ...METRICS_OFF },
  },
  {
    id: 'trace-10',
    label: '+ tracing (lean), 10% sampled, metrics on (the default)',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '0.1', ...LEAN },
  },
  {
    id: 'contrib-10',
    label: '+ tracing (contrib http + express), 10% sampled, metrics on',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '0.1', ...CONTRIB },
  },
  {
    id: 'trace-10-no-metrics',
    label: '+ tracing (lean), 10% sampled, metrics off',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '0.1', ...METRICS_OFF },
  },
  {
    id: 'auto-100',
    label: 'default auto-instrumentations-node set-up, 100% sampled',
    entry: HELLO,
    tracing: true,
    bootstrap: AUTO_BOOTSTRAP,
    env: sampled('1'),
  },
  {
    id: 'auto-10',
    label: 'default auto-instrumentations-node set-up, 10% sampled',
    entry: HELLO,
    tracing: true,
    bootstrap: AUTO_BOOTSTRAP,
    env: sampled('0.1'),
  },
  {
    id: 'limiter',
    label: '+ rate limiter (Redis decision per request)',
    entry: HELLO,
    tracing: false,
    env: { BENCH_LIMITER: 'allow' },
  },
  {
    id: 'limiter-refused',
    label: '+ rate limiter, client refused (in-memory block)',
    entry: HELLO,
    tracing: false,
    env: { BENCH_LIMITER: 'refuse' },
    extra: true,
  },
  { id: 'cache', label: '+ cache hit (1 KB, L1)', entry: HELLO, tracing: false, env: { BENCH_CACHE: '1' } },
  {
    id: 'gateway',
    label: 'gateway stack at its production sampling: tracing 10% + limiter + cache hit',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '0.1', BENCH_LIMITER: 'allow', BENCH_CACHE: '1' },
  },
  {
    id: 'gateway-100',
    label: 'gateway stack, every request sampled: tracing 100% + limiter + cache hit',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '1', BENCH_LIMITER: 'allow', BENCH_CACHE: '1' },
    extra: true,
  },
  {
    id: 'kit-gateway',
    label: 'gateway stack in the service kit (helmet, traceresponse, JSON, 404, errors)',
    entry: HELLO,
    tracing: true,
    env: { BENCH_SAMPLE_RATIO: '1', BENCH_LIMITER: 'allow', BENCH_CACHE: '1', BENCH_KIT: '1' },
    extra: true,
  },
];
