import { createHash, randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { inSpan, notFound } from '../../../instrumentation/index.js';
import {
  ATTR_FEATURE_COUNT,
  ATTR_FEATURE_ID,
  ATTR_FEATURE_VOTE_OUTCOME,
  ATTR_FEATURE_VOTES,
  SPAN_FEATURE_CREATE,
  SPAN_FEATURE_LIST,
  SPAN_FEATURE_VOTE,
} from '../attributes.js';
import { isFeatureId, toFeature, type Feature } from './feature.js';
import { VOTE_LUA } from './vote.lua.js';
import { readVoteReply } from './vote-reply.js';

const tracer = trace.getTracer('product-development');
const RANKING_KEY = 'product:ranking';
const featureKey = (id: string) => `product:feature:${id}`;
const votersKey = (id: string) => `product:voters:${id}`;

/** A voter as stored: a hash of the client identity, which may be an IP address. */
const voterId = (client: string) => createHash('sha256').update(client).digest('hex').slice(0, 32);

/**
 * Features in Redis: a hash per feature, a sorted set ranking them by votes, and a set of voters per
 * feature. A vote changes the voter set and the ranking in one Lua script (see vote.lua.ts).
 */
export class Roadmap {
  constructor(private readonly redis: Redis) {}

  create(title: string, description: string | undefined): Promise<Feature> {
    return inSpan(tracer, SPAN_FEATURE_CREATE, async (span) => {
      const id = randomUUID();
      const feature: Feature = {
        id,
        title,
        description: description ?? null,
        votes: 0,
        createdAt: new Date().toISOString(),
      };
      span.setAttribute(ATTR_FEATURE_ID, id);
      await this.redis
        .multi()
        .hset(featureKey(id), { title, description: description ?? '', createdAt: feature.createdAt })
        .zadd(RANKING_KEY, 0, id)
        .exec();
      return feature;
    });
  }

  /** The `limit` most voted features, most voted first; equal counts in Redis's (id) order. */
  list(limit: number): Promise<Feature[]> {
    return inSpan(tracer, SPAN_FEATURE_LIST, async (span) => {
      const flat = await this.redis.zrevrange(RANKING_KEY, 0, limit - 1, 'WITHSCORES');
      const ranked: Array<[string, string]> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) ranked.push([flat[i]!, flat[i + 1]!]);
      const pipeline = this.redis.pipeline();
      for (const [id] of ranked) pipeline.hgetall(featureKey(id));
      const replies = ranked.length > 0 ? ((await pipeline.exec()) ?? []) : [];
      const features = ranked.flatMap(([id, votes], i) => {
        const [error, fields] = replies[i] ?? [null, {}];
        if (error) throw error;
        const hash = fields as Record<string, string>;
        return Object.keys(hash).length > 0 ? [toFeature(id, hash, votes)] : [];
      });
      span.setAttribute(ATTR_FEATURE_COUNT, features.length);
      return features;
    });
  }

  async get(id: string): Promise<Feature> {
    if (!isFeatureId(id)) throw notFound(`Unknown feature: ${id}`);
    const [fields, votes] = await Promise.all([
      this.redis.hgetall(featureKey(id)),
      this.redis.zscore(RANKING_KEY, id),
    ]);
    if (Object.keys(fields).length === 0) throw notFound(`Unknown feature: ${id}`);
    return toFeature(id, fields, votes);
  }

  /** Counts one vote of `client` for the feature; a second vote by the same client is a 409. */
  vote(id: string, client: string): Promise<{ id: string; votes: number }> {
    return inSpan(tracer, SPAN_FEATURE_VOTE, async (span) => {
      if (!isFeatureId(id)) throw notFound(`Unknown feature: ${id}`);
      span.setAttribute(ATTR_FEATURE_ID, id);
      const reply = readVoteReply(
        Number(
          await this.redis.eval(VOTE_LUA, 3, featureKey(id), votersKey(id), RANKING_KEY, voterId(client), id),
        ),
        id,
      );
      span.setAttribute(ATTR_FEATURE_VOTE_OUTCOME, reply.outcome);
      if (reply.outcome !== 'counted') throw reply.error;
      span.setAttribute(ATTR_FEATURE_VOTES, reply.votes);
      return { id, votes: reply.votes };
    });
  }
}
