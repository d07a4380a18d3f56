/**
 * How the collector's prometheus exporter names an OTLP metric (its default, metric suffixes on):
 * the name's words joined by `_`, then the unit's Prometheus word unless it is an annotation in braces
 * or already a word of the name, then `_total` for a monotonic sum and `_ratio` for a gauge of unit 1.
 * A histogram becomes three series, `_bucket`, `_count` and `_sum`.
 */
export type MetricKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  '1': '',
  '%': 'percent',
};

const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function prometheusNames(name: string, unit: string, kind: MetricKind): string[] {
  const tokens = words(name);
  const [main = '', per] = unit.split('/', 2).map((u) => u.trim());
  if (main && !/[{}]/.test(main)) {
    const word = words(UNIT_WORDS[main] ?? main).join('_');
    if (word && !tokens.includes(word)) tokens.push(word);
  }
  if (per && !/[{}]/.test(per)) tokens.push('per', per);
  if (kind === 'counter') tokens.push(...(tokens.at(-1) === 'total' ? [] : ['total']));
  if (unit === '1' && kind === 'gauge') tokens.push('ratio');
  const base = tokens.join('_');
  return kind === 'histogram' ? [`${base}_bucket`, `${base}_count`, `${base}_sum`] : [base];
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression selects: what is left once strings, matchers, ranges, grouping clauses and functions are taken out. */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const after = stripped.slice((match.index ?? 0) + word.length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}
