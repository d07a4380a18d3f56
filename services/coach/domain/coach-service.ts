import { trace } from '@opentelemetry/api';
import { inSpan } from '../../../instrumentation/index.js';
import {
  ATTR_COACH_ADVICE_COUNT,
  ATTR_COACH_BURSTS,
  ATTR_COACH_CACHE_HIT_RATE,
  ATTR_COACH_EXHAUSTED_BEFORE_RESET,
  SPAN_COACH_ADVISE,
} from '../attributes.js';
import { advise, type Advice } from './advice.js';
import type { BudgetClient, Caller } from './budget-client.js';

const tracer = trace.getTracer('coach');

/** Reads the caller's budget and recent bursts at once, then advises on them. */
export function adviceFor(budget: BudgetClient, caller: Caller, recentLimit: number): Promise<Advice> {
  return inSpan(tracer, SPAN_COACH_ADVISE, async (span) => {
    const [status, bursts] = await Promise.all([budget.status(caller), budget.recent(caller, recentLimit)]);
    const advice = advise(status, bursts);
    span.setAttributes({
      [ATTR_COACH_BURSTS]: advice.recentBursts,
      [ATTR_COACH_EXHAUSTED_BEFORE_RESET]: advice.pace.exhaustedBeforeReset,
      [ATTR_COACH_ADVICE_COUNT]: advice.advice.length,
      ...(advice.cache.hitRate === null ? {} : { [ATTR_COACH_CACHE_HIT_RATE]: advice.cache.hitRate }),
    });
    return advice;
  });
}
