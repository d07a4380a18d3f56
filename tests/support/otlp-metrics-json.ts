import { attributes, type OtlpKeyValue } from './otlp-json.js';

/** One exported series' latest point as the tests see it, whichever encoding delivered it. */
export interface CollectedPoint {
  serviceName: string;
  /** service.instance.id: replicas of one service export series of the same name and attributes. */
  instanceId: string;
  metric: string;
  unit: string;
  kind: 'sum' | 'gauge' | 'histogram';
  attributes: Record<string, unknown>;
  timeNs: bigint;
  /** A sum's or gauge's value; a histogram's count. */
  value: number;
  /** Histograms only. */
  sum?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

interface OtlpNumberPoint {
  attributes?: OtlpKeyValue[];
  timeUnixNano?: string | number;
  asInt?: string | number;
  asDouble?: number;
}
interface OtlpHistogramPoint {
  attributes?: OtlpKeyValue[];
  timeUnixNano?: string | number;
  count?: string | number;
  sum?: number;
  bucketCounts?: Array<string | number>;
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints?: OtlpNumberPoint[] };
  gauge?: { dataPoints?: OtlpNumberPoint[] };
  histogram?: { dataPoints?: OtlpHistogramPoint[] };
}
export interface OtlpMetricsJson {
  resourceMetrics?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeMetrics?: Array<{ metrics?: OtlpMetric[] }>;
  }>;
}

function numberPoints(
  base: Omit<CollectedPoint, 'attributes' | 'timeNs' | 'value' | 'kind'>,
  kind: 'sum' | 'gauge',
  list: OtlpNumberPoint[] | undefined,
): CollectedPoint[] {
  return (list ?? []).map((p) => ({
    ...base,
    kind,
    attributes: attributes(p.attributes),
    timeNs: BigInt(p.timeUnixNano ?? 0),
    value: p.asDouble ?? Number(p.asInt ?? 0),
  }));
}

/** Flattens an OTLP/JSON ExportMetricsServiceRequest into one point per series. */
export function parseOtlpMetricsJson(body: OtlpMetricsJson): CollectedPoint[] {
  const out: CollectedPoint[] = [];
  for (const resourceMetrics of body.resourceMetrics ?? []) {
    const resource = attributes(resourceMetrics.resource?.attributes);
    const serviceName = String(resource['service.name'] ?? '');
    const instanceId = String(resource['service.instance.id'] ?? '');
    for (const scope of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scope.metrics ?? []) {
        const base = { serviceName, instanceId, metric: metric.name, unit: metric.unit ?? '' };
        out.push(...numberPoints(base, 'sum', metric.sum?.dataPoints));
        out.push(...numberPoints(base, 'gauge', metric.gauge?.dataPoints));
        for (const p of metric.histogram?.dataPoints ?? []) {
          out.push({
            ...base,
            kind: 'histogram',
            attributes: attributes(p.attributes),
            timeNs: BigInt(p.timeUnixNano ?? 0),
            value: Number(p.count ?? 0),
            sum: p.sum ?? 0,
            bucketCounts: (p.bucketCounts ?? []).map(Number),
            explicitBounds: p.explicitBounds ?? [],
          });
        }
      }
    }
  }
  return out;
}
