// Span attribute and event names of the breakers, in one place.
export const ATTR_BREAKER_NAME = 'breaker.name';
export const ATTR_BREAKER_STATE = 'breaker.state';
export const EVENT_BREAKER_STATE_CHANGE = 'breaker.state_change';

// Instruments (OpenTelemetry semantic-conventions style), by breaker name: one per upstream, a handful.
export const BREAKER_METER_NAME = 'otel-stack/breaker';
/**
 * Observable gauge, one series per breaker: 0 closed, 1 half_open, 2 open. One number per breaker
 * (rather than a 1/0 series per state) so a panel plots it as a step line and `max` finds the worst.
 */
export const METRIC_BREAKER_STATE = 'breaker.state';
/** Counter of state changes, by breaker.name and the breaker.state entered. */
export const METRIC_BREAKER_TRANSITIONS = 'breaker.transitions';
