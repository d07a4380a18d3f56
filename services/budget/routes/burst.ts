import express, { type RequestHandler, type Router } from 'express';
import {
  clientIdentity,
  notFound,
  numberField,
  requiredString,
  requireObject,
  stringListField,
  type Fields,
} from '../../../instrumentation/index.js';
import type { BurstRequest } from '../domain/burst-key.js';
import type { BurstService } from '../domain/burst-service.js';

export const MAX_PROMPT_LENGTH = 8_000;
export const MAX_TOKENS = 4_096;

export function parseBurst(fields: Fields, knownProviders: readonly string[]): BurstRequest {
  return {
    prompt: requiredString(fields, 'prompt', { maxLength: MAX_PROMPT_LENGTH }),
    providers: stringListField(fields, 'providers', knownProviders) ?? [...knownProviders],
    maxTokens: numberField(fields, 'maxTokens', { min: 1, max: MAX_TOKENS, integer: true, fallback: 256 })!,
  };
}

export function burstRoutes(deps: {
  bursts: BurstService;
  providers: readonly string[];
  limit: RequestHandler;
}): Router {
  const router = express.Router();
  router.post('/api/v1/providers/burst', deps.limit, async (req, res) => {
    const request = parseBurst(requireObject(req.body), deps.providers);
    res.json(await deps.bursts.burst(clientIdentity(req), request));
  });
  router.get('/api/v1/providers/burst', deps.limit, async (req, res) => {
    const request = parseBurst(req.query as Fields, deps.providers);
    const stored = await deps.bursts.cached(request);
    if (!stored) throw notFound('No cached result for this burst');
    res.json({ ...stored, cached: true });
  });
  return router;
}
