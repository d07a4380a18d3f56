import {
  metrics,
  type BatchObservableCallback,
  type Counter,
  type Meter,
  type ObservableGauge,
} from '@opentelemetry/api';
import {
  ATTR_BREAKER_NAME,
  ATTR_BREAKER_STATE,
  BREAKER_METER_NAME,
  METRIC_BREAKER_STATE,
  METRIC_BREAKER_TRANSITIONS,
} from './attributes.js';
import type { BreakerState } from './types.js';

/** The value of breaker.state for each state. */
const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

function meter(): Meter {
  return metrics.getMeter(BREAKER_METER_NAME);
}

/**
 * Counts one breaker's state changes. Every state starts at 0: a rate over a series that does not exist
 * yet is "no data" in a dashboard, where the truth is "no transitions".
 */
export function transitionCounter(name: string): Counter {
  const counter = meter().createCounter(METRIC_BREAKER_TRANSITIONS, {
    unit: '{transition}',
    description: 'Circuit breaker state changes, by the state entered.',
  });
  for (const state of Object.keys(BREAKER_STATE_VALUE) as BreakerState[]) {
    counter.add(0, transitionAttributes(name, state));
  }
  return counter;
}

export function transitionAttributes(name: string, state: BreakerState) {
  return { [ATTR_BREAKER_NAME]: name, [ATTR_BREAKER_STATE]: state };
}

/**
 * Reports every breaker's state when metrics are collected; `stop` removes the callback, so a shut-down
 * registry stops reporting and is not held alive by the meter.
 */
export function observeStates(states: () => Iterable<[string, BreakerState]>): { stop: () => void } {
  const gauge: ObservableGauge = meter().createObservableGauge(METRIC_BREAKER_STATE, {
    unit: '{state}',
    description: 'Circuit breaker state: 0 closed, 1 half_open, 2 open.',
  });
  const callback: BatchObservableCallback = (result) => {
    for (const [name, state] of states()) {
      result.observe(gauge, BREAKER_STATE_VALUE[state], { [ATTR_BREAKER_NAME]: name });
    }
  };
  meter().addBatchObservableCallback(callback, [gauge]);
  return { stop: () => meter().removeBatchObservableCallback(callback, [gauge]) };
}
