import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { expressions, panelsOf, readDashboards } from '../support/dashboards.js';
import { exportedPrometheusNames } from '../support/exported-metrics.js';
import { metricNamesIn, prometheusNames } from '../support/prometheus-names.js';

const DATASOURCES = 'grafana/provisioning/datasources/datasources.yaml';
const dashboards = readDashboards();

describe('Grafana dashboards', () => {
  let exported: Set<string>;
  beforeAll(async () => {
    exported = await exportedPrometheusNames();
  });

  it('when the dashboards folder is read, then it holds the six dashboards, each with a unique uid', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'breakers-providers.json',
      'cache.json',
      'node-runtime.json',
      'rate-limiting.json',
      'stack-overview.json',
      'telemetry-pipeline.json',
    ]);
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
  });

  it('when every PromQL expression is read, then each metric it selects is one the stack exports', () => {
    const unknown = dashboards.flatMap(({ file, dashboard }) =>
      expressions(dashboard).flatMap(({ where, expr }) =>
        metricNamesIn(expr)
          .filter((name) => !exported.has(name))
          .map((name) => `${file} / ${where}: ${name}`),
      ),
    );
    expect(unknown).toEqual([]);
    const all = dashboards.flatMap(({ dashboard }) => expressions(dashboard));
    expect(all.length).toBeGreaterThan(25);
  });

  it('when data source uids are read, then each one a dashboard uses is provisioned', () => {
    const provisioned = new Set(
      (parse(readFileSync(DATASOURCES, 'utf8')) as { datasources: Array<{ uid: string }> }).datasources.map(
        (d) => d.uid,
      ),
    );
    const used = dashboards.flatMap(({ file, dashboard }) => [
      ...panelsOf(dashboard.panels).flatMap((p) => [
        { file, uid: p.datasource?.uid },
        ...(p.targets ?? []).map((t) => ({ file, uid: t.datasource?.uid })),
      ]),
      ...(dashboard.templating?.list ?? []).map((v) => ({ file, uid: v.datasource?.uid })),
    ]);
    const missing = used.filter((u) => !u.uid || !provisioned.has(u.uid)).map((u) => `${u.file}: ${u.uid}`);
    expect(missing).toEqual([]);
    expect(provisioned).toEqual(new Set(['prometheus', 'jaeger']));
  });

  it('when a query names a metric the stack does not export or mistakes a unit suffix, then it is reported', () => {
    expect(
      metricNamesIn('sum by (job) (rate(http_server_request_duration_count{job=~"$service"}[5m]))'),
    ).toEqual(['http_server_request_duration_count']);
    expect(exported.has('http_server_request_duration_count')).toBe(false);
    expect(exported.has('http_server_request_duration_seconds_count')).toBe(true);
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le) (rate(a_bucket[$__rate_interval]))) / on(job) group_left b',
      ),
    ).toEqual(['a_bucket', 'b']);
  });

  it('when OTLP names are translated, then units become words, braces are dropped and counters end in _total', () => {
    expect(prometheusNames('http.server.request.duration', 's', 'histogram')).toEqual([
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_sum',
    ]);
    expect(prometheusNames('ratelimit.decisions', '{decision}', 'counter')).toEqual([
      'ratelimit_decisions_total',
    ]);
    expect(prometheusNames('budget.spend', 'USD', 'counter')).toEqual(['budget_spend_USD_total']);
    expect(prometheusNames('nodejs.eventloop.utilization', '1', 'gauge')).toEqual([
      'nodejs_eventloop_utilization_ratio',
    ]);
    expect(prometheusNames('cache.l1.size', 'By', 'gauge')).toEqual(['cache_l1_size_bytes']);
  });
});
