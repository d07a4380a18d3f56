// Span attribute and event names of the breakers, in one place.
export const ATTR_BREAKER_NAME = 'breaker.name';
export const ATTR_BREAKER_STATE = 'breaker.state';
export const EVENT_BREAKER_STATE_CHANGE = 'breaker.state_change';
