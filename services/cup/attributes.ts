export const SPAN_CUP_SUBMIT = 'cup.submit';
export const SPAN_CUP_LEADERBOARD = 'cup.leaderboard';
export const ATTR_CUP_SCORE = 'cup.score';
export const ATTR_CUP_BEST = 'cup.best';
export const ATTR_CUP_RANK = 'cup.rank';
export const ATTR_CUP_IMPROVED = 'cup.improved';
export const ATTR_CUP_LIMIT = 'cup.limit';
export const ATTR_CUP_ENTRIES = 'cup.entries';
