import express, { type RequestHandler, type Router } from 'express';
import {
  badRequest,
  notFound,
  numberField,
  requiredString,
  requireObject,
  type Fields,
} from '../../../instrumentation/index.js';
import type { Leaderboard } from '../domain/leaderboard.js';

export const MAX_SCORE = 1_000_000_000;
/** Letters, digits, `_ . -` and single inner spaces: safe to show anywhere, no look-alike padding. */
const PLAYER_PATTERN = /^[A-Za-z0-9_.-]+(?: [A-Za-z0-9_.-]+)*$/;

const parsePlayer = (fields: Fields) =>
  requiredString(fields, 'player', { maxLength: 64, pattern: PLAYER_PATTERN });

export function parseScore(fields: Fields): { player: string; score: number } {
  const player = parsePlayer(fields);
  // numberField reads numeric text too (for query strings); a posted score must be a JSON number.
  if (fields.score === undefined || fields.score === null)
    throw badRequest('score is required', { field: 'score' });
  if (typeof fields.score !== 'number') throw badRequest('score must be a number', { field: 'score' });
  const score = numberField(fields, 'score', { min: 0, max: MAX_SCORE, integer: true })!;
  return { player, score };
}

export function cupRoutes(deps: { leaderboard: Leaderboard; limit: RequestHandler }): Router {
  const router = express.Router();
  router.post('/api/v1/cup/scores', deps.limit, async (req, res) => {
    const { player, score } = parseScore(requireObject(req.body));
    res.json(await deps.leaderboard.submit(player, score));
  });
  router.get('/api/v1/cup/scores/:player', async (req, res) => {
    const player = parsePlayer(req.params);
    const standing = await deps.leaderboard.standing(player);
    if (!standing) throw notFound(`No score for player ${player}`);
    res.json(standing);
  });
  router.get('/api/v1/cup/leaderboard', async (req, res) => {
    const limit = numberField(req.query as Fields, 'limit', {
      min: 1,
      max: 100,
      integer: true,
      fallback: 10,
    })!;
    res.json(await deps.leaderboard.top(limit));
  });
  return router;
}
