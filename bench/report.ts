/** The run's figures as JSON, as a Markdown table for the README, and as the budget's verdicts. */
import type { ConfigurationResult, MicroSettings } from './micro.js';
import type { ServicesResult, ServicesSettings } from './services.js';
import type { Machine } from './support/machine.js';
import { round } from './support/stats.js';

export interface BenchReport {
  machine: Machine;
  quick: boolean;
  /** Cores other processes kept busy between measurements, over the whole run. */
  backgroundCores: { median: number | undefined; max: number | undefined };
  settings: { micro: MicroSettings; services: ServicesSettings };
  configurations: ConfigurationResult[];
  /** Left out when BENCH_ONLY does not name `services`. */
  services: ServicesResult | undefined;
  goals: Goal[];
}

export interface Goal {
  goal: string;
  target: string;
  measured: string;
  met: boolean;
}

function find(results: ConfigurationResult[], id: string): ConfigurationResult | undefined {
  return results.find((r) => r.id === id);
}

const pct = (ratio: number) => `${round(ratio * 100)}%`;
/** One decimal, so a verdict next to it never looks contradicted by rounding. */
const pct1 = (ratio: number) => `${round(ratio * 100, 1)}%`;

export function evaluateGoals(results: ConfigurationResult[], services: ServicesResult | undefined): Goal[] {
  const goals: Goal[] = [];
  const ratioGoal = (id: string, goal: string, target: number) => {
    const r = find(results, id);
    if (!r) return;
    const byCpu = r.summary.cpuRatioToExpress;
    goals.push({
      goal,
      target: `≥ ${pct(target)} of bare Express`,
      measured:
        `${pct1(r.summary.ratioToExpress)} rps (${pct(r.summary.ratioMin)}–${pct(r.summary.ratioMax)})` +
        (byCpu === undefined ? '' : `; ${pct1(byCpu)} by CPU per request`),
      met: r.summary.ratioToExpress >= target,
    });
  };
  ratioGoal('trace-100', 'tracing (lean), 100% sampled', 0.45);
  ratioGoal('trace-10', 'tracing (lean), 10% sampled', 0.6);
  // CPU per request at ~1,000 rps (paced), the figure least disturbed by other processes.
  const pacedCpu = (id: string) => find(results, id)?.summary.pacedCpuUsPerRequest;
  const bare = pacedCpu('express');
  const lean10 = pacedCpu('trace-10');
  const auto10 = pacedCpu('auto-10');
  if (bare !== undefined && lean10 !== undefined && auto10 !== undefined) {
    const added = lean10 - bare;
    const autoAdded = auto10 - bare;
    goals.push({
      goal: 'tracing (lean) at 10%: added CPU per request vs the default auto-instrumentations',
      target: '≤ half',
      measured: `${round(added, 1)} vs ${round(autoAdded, 1)} µs (${pct1(added / autoAdded)})`,
      met: added <= autoAdded / 2,
    });
  }
  for (const sampling of ['100', '10']) {
    const on = pacedCpu(`trace-${sampling}`);
    const off = pacedCpu(`trace-${sampling}-no-metrics`);
    if (on === undefined || off === undefined) continue;
    goals.push({
      goal: `metrics: added CPU per request, tracing ${sampling}%`,
      target: '≤ 15 µs',
      measured: `${round(on - off, 1)} µs (${on} vs ${off} µs)`,
      met: on - off <= 15,
    });
  }
  const at10 = pacedCpu('trace-10');
  const at100 = pacedCpu('trace-100');
  if (at10 !== undefined && at100 !== undefined) {
    goals.push({
      goal: 'tracing: 10% sampled costs less CPU per request than 100%',
      target: '10% < 100%',
      measured: `${at10} vs ${at100} µs`,
      met: at10 < at100,
    });
  }
  ratioGoal('limiter', 'rate-limit decision: throughput', 0.9);
  const express = find(results, 'express');
  const limiter = find(results, 'limiter');
  if (express && limiter) {
    const addedP50 = limiter.summary.unloadedP50Ms - express.summary.unloadedP50Ms;
    goals.push({
      goal: 'rate-limit decision: added p50, unloaded',
      target: '≤ 0.15 ms',
      measured: `${round(addedP50, 3)} ms (${limiter.summary.unloadedP50Ms} vs ${express.summary.unloadedP50Ms} ms)`,
      met: addedP50 <= 0.15,
    });
    const addedP99 = limiter.summary.pacedP99Ms - express.summary.pacedP99Ms;
    goals.push({
      goal: 'rate-limit decision: added p99 at ~1,000 rps',
      target: '≤ 1 ms',
      measured: `${round(addedP99, 3)} ms (${limiter.summary.pacedP99Ms} vs ${express.summary.pacedP99Ms} ms)`,
      met: addedP99 <= 1,
    });
  }
  ratioGoal('cache', 'cache hit', 0.93);
  ratioGoal('gateway', 'gateway stack at its production sampling (tracing 10% + limiter + cache hit)', 0.5);
  if (!services) return goals;
  // The hardening target: a cached burst waits on 3 Redis round trips (two limiters, the budget read).
  goals.push({
    goal: 'cached burst p50 vs uncached',
    target: '≤ 5%',
    measured: `${round(services.cachedToUncachedP50 * 100, 1)}% (${services.cached.p50Ms} vs ${services.uncached.p50Ms} ms)`,
    met: services.cachedToUncachedP50 <= 0.05,
  });
  const calls = Object.entries(services.dedup.providerCalls)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  goals.push({
    goal: `${services.dedup.concurrent} concurrent identical bursts`,
    target: 'exactly one fan-out',
    measured: `provider calls: ${calls}; ${services.dedup.distinctIds} distinct answer id(s)`,
    met: services.dedup.exactlyOneFanOut,
  });
  return goals;
}

function fmt(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : String(round(value, digits));
}

export function toMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  const m = settings.micro;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}; Redis ${machine.redis}; ${machine.date.slice(0, 10)}` +
      (report.quick ? ' (BENCH_QUICK smoke run: one short round, not for comparison)' : '') +
      '.',
    '',
    `Load: ${machine.loadGenerator}, ${m.connections} connections, ${m.saturateS} s per round, ` +
      `${m.rounds} interleaved round(s) after a ${m.warmupS} s warm-up; latency at ${m.pacedRate} rps ` +
      `(open loop, ${m.pacedS} s) and unloaded (one connection, sequential, ${m.unloadedS} s) from the bench's own ` +
      `node:http client. ` +
      (machine.pinned
        ? 'Servers pinned to core 0; load generator, Redis and the OTLP sink on core 1.'
        : 'Not pinned (no taskset): figures are noisier.') +
      (machine.nice === undefined
        ? ' Normal priority.'
        : ` All of them at nice ${machine.nice}, so other processes on a shared machine take little of their cores.`),
    '',
    `Background: other processes kept ${fmt(report.backgroundCores.median)} core(s) busy (median; max ` +
      `${fmt(report.backgroundCores.max)}) between measurements. "% of Express" is the median over rounds of ` +
      'the ratio within a round; "by CPU" is bare Express\'s CPU per request over this one\'s, which other ' +
      'processes sharing the machine disturb far less than rps.',
    '',
    '| configuration | rps median (range) | % of Express (range) | % of Express by CPU | p50 / p99 at saturation (ms) | ' +
      `p50 / p99 at ${m.pacedRate} rps (ms) | p50 unloaded (ms) | CPU µs/request (saturation / ${m.pacedRate} rps) | spans exported / dropped |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of report.configurations) {
    const s = r.summary;
    const spans = r.spans ? `${r.spans.exported} / ${r.spans.dropped}` : '–';
    lines.push(
      `| ${r.label} | ${s.rpsMedian} (${s.rpsMin}–${s.rpsMax}) | ${pct(s.ratioToExpress)} (${pct(s.ratioMin)}–${pct(s.ratioMax)}) | ` +
        `${s.cpuRatioToExpress === undefined ? 'n/a' : pct(s.cpuRatioToExpress)} | ` +
        `${fmt(s.saturationP50Ms)} / ${fmt(s.saturationP99Ms)} | ${fmt(s.pacedP50Ms)} / ${fmt(s.pacedP99Ms)} | ` +
        `${fmt(s.unloadedP50Ms, 3)} | ${fmt(s.cpuUsPerRequest, 0)} / ${fmt(s.pacedCpuUsPerRequest, 0)} | ${spans} |`,
    );
  }
  const sv = report.services;
  if (sv) {
    lines.push(
      '',
      `Real services (${sv.services.join(', ')}; provider-sim at its default latency; each service at its own ` +
        `declared sampling), one burst to ${sv.providers.join(', ')} at a time:`,
      '',
      '| burst through web → budget → provider-sim | n | p50 (ms) | p99 (ms) | min–max (ms) |',
      '| --- | --- | --- | --- | --- |',
      `| uncached (new prompt: fan-out to every provider) | ${sv.uncached.n} | ${sv.uncached.p50Ms} | ${sv.uncached.p99Ms} | ${sv.uncached.minMs}–${sv.uncached.maxMs} |`,
      `| cached (same prompt within the 5 s TTL) | ${sv.cached.n} | ${sv.cached.p50Ms} | ${sv.cached.p99Ms} | ${sv.cached.minMs}–${sv.cached.maxMs} |`,
      '',
      `Cached p50 is ${round(sv.cachedToUncachedP50 * 100, 1)}% of uncached. ${sv.dedup.concurrent} concurrent ` +
        `identical bursts: statuses ${JSON.stringify(sv.dedup.statuses)}, ${sv.dedup.distinctIds} distinct answer id(s), ` +
        `${sv.dedup.charged} charged; provider-sim /admin/calls rose by ` +
        `${Object.entries(sv.dedup.providerCalls)
          .map(([p, n]) => `${p} ${n}`)
          .join(', ')} → ${sv.dedup.exactlyOneFanOut ? 'exactly one fan-out' : 'MORE THAN ONE FAN-OUT'}.`,
    );
  }
  lines.push('', '| budget goal | target | measured | met |', '| --- | --- | --- | --- |');
  for (const g of report.goals)
    lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`);
  return `${lines.join('\n')}\n`;
}
