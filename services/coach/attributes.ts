export const SPAN_COACH_ADVISE = 'coach.advise';
export const ATTR_COACH_BURSTS = 'coach.bursts_considered';
export const ATTR_COACH_CACHE_HIT_RATE = 'coach.cache_hit_rate';
export const ATTR_COACH_EXHAUSTED_BEFORE_RESET = 'coach.exhausted_before_reset';
export const ATTR_COACH_ADVICE_COUNT = 'coach.advice_count';
