import { trace } from '@opentelemetry/api';
import { inSpan, type BreakerRegistry, type PersistentCache } from '../../../instrumentation/index.js';
import { ATTR_REPORT_STATUS, SPAN_ANALYZE } from '../attributes.js';
import type { ReportTarget } from '../config.js';
import { analyze, type Report } from './analyze.js';
import { collect } from './collect.js';

const tracer = trace.getTracer('reports');
const REPORT_KEY = 'comprehensive';

export class ReportService {
  constructor(
    private readonly deps: {
      cache: PersistentCache<Report>;
      breakers: BreakerRegistry;
      targets: readonly ReportTarget[];
    },
  ) {}

  /** The comprehensive report, from the cache when one younger than its TTL exists. */
  async comprehensive(): Promise<Report & { cached: boolean }> {
    let built = false;
    const report = await this.deps.cache.getOrSet(REPORT_KEY, async () => {
      built = true;
      const observations = await collect(this.deps.breakers, this.deps.targets);
      return inSpan(tracer, SPAN_ANALYZE, (span) => {
        const result = analyze(observations);
        span.setAttribute(ATTR_REPORT_STATUS, result.status);
        return result;
      });
    });
    return { ...report, cached: !built };
  }
}
