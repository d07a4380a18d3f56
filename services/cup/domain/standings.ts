export interface Standing {
  rank: number;
  player: string;
  score: number;
}

/** Redis ranks from 0; the board shows 1 for the top. */
export const boardRank = (redisRank: number) => redisRank + 1;

/** `ZREVRANGE ... WITHSCORES` (player, score, player, score, ...) as standings, best first. */
export function standingsFrom(flat: readonly string[]): Standing[] {
  const entries: Standing[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    entries.push({ rank: boardRank(i / 2), player: flat[i]!, score: Number(flat[i + 1]) });
  }
  return entries;
}
