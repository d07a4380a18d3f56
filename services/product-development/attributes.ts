export const SPAN_FEATURE_CREATE = 'feature.create';
export const SPAN_FEATURE_LIST = 'feature.list';
export const SPAN_FEATURE_VOTE = 'feature.vote';
export const ATTR_FEATURE_ID = 'feature.id';
export const ATTR_FEATURE_VOTES = 'feature.votes';
export const ATTR_FEATURE_COUNT = 'feature.count';
export const ATTR_FEATURE_VOTE_OUTCOME = 'feature.vote_outcome';
