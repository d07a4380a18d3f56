/**
 * The built programs against the repository's files: the collector validates otel-collector.yaml and
 * holds exactly the components it uses, nothing more compiled in. (Jaeger and Prometheus meet their
 * configs in every other pipeline test, which starts them.)
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withEnvDefaults } from '../support/config-env.js';
import { componentTypes } from '../support/pipeline-checks.js';
import { PROGRAMS } from '../../scripts/tooling/pipeline-programs.js';
import { ROOT } from '../../scripts/tooling/root.js';

const run = promisify(execFile);
const COLLECTOR_CONFIG = join(ROOT, 'otel-collector.yaml');

/** `receivers/otlp`, ... from `otelcol components`, with 0.161's canonical type names. */
function builtComponents(output: string): string[] {
  const listing = parse(output) as Record<string, Array<{ name: string }> | undefined>;
  return ['receivers', 'processors', 'exporters', 'connectors', 'extensions'].flatMap((kind) =>
    (listing[kind] ?? []).map((c) => `${kind}/${c.name}`),
  );
}

// The config may use an older alias of a type; `components` prints the canonical name.
const CANONICAL: Record<string, string> = { spanmetrics: 'span_metrics', otlphttp: 'otlp_http' };

describe('the built programs and the repository configs', () => {
  it('when the collector validates otel-collector.yaml, then it accepts it', async () => {
    await expect(run(PROGRAMS.collector, ['validate', '--config', COLLECTOR_CONFIG])).resolves.toBeDefined();
  });

  it('when the collector lists its components, then they are exactly the ones the config uses', async () => {
    const { stdout } = await run(PROGRAMS.collector, ['components']);
    const config = parse(withEnvDefaults(readFileSync(COLLECTOR_CONFIG, 'utf8'))) as Record<string, unknown>;
    const used = componentTypes(config).map((t) => {
      const [kind, type = ''] = t.split('/');
      return `${kind}/${CANONICAL[type] ?? type}`;
    });
    expect(new Set(builtComponents(stdout))).toEqual(new Set(used));
  });
});
