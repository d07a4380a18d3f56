import { createHash } from 'node:crypto';
import type { Tiers } from '../config.js';

export const SPEND_TIERS = ['free', 'light', 'regular', 'heavy'] as const;
export const VOLUMES = ['low', 'medium', 'high'] as const;
export type SpendTier = (typeof SPEND_TIERS)[number];
export type Volume = (typeof VOLUMES)[number];

/** One client's day as budget answers `GET /admin/clients`. */
export interface ClientDay {
  clientId: string;
  requests: number;
  spentUsd: number;
}

export interface Segment {
  spend: SpendTier;
  volume: Volume;
  count: number;
  clientIds: string[];
}

export interface Segmentation {
  generatedAt: string;
  clients: number;
  thresholds: Tiers;
  bySpend: Record<SpendTier, number>;
  byVolume: Record<Volume, number>;
  /** Only the segments that hold a client, by spend tier then volume. */
  segments: Segment[];
}

export function spendTier(spentUsd: number, tiers: Tiers): SpendTier {
  if (spentUsd <= 0) return 'free';
  if (spentUsd < tiers.regularFromUsd) return 'light';
  return spentUsd < tiers.heavyFromUsd ? 'regular' : 'heavy';
}

export function volume(requests: number, tiers: Tiers): Volume {
  if (requests < tiers.mediumFromRequests) return 'low';
  return requests < tiers.highFromRequests ? 'medium' : 'high';
}

/** Budget hands out hashed ids; anything else is hashed here, so no raw client id is ever answered. */
export function safeId(id: string): string {
  return /^[0-9a-f]{16,64}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 16);
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Groups clients by spend tier and request volume; `only` keeps the named tiers or volumes. */
export function segment(
  clients: readonly ClientDay[],
  tiers: Tiers,
  only: { spend?: readonly string[]; volume?: readonly string[] } = {},
  now = new Date(),
): Segmentation {
  const bySpend = zeroes(SPEND_TIERS);
  const byVolume = zeroes(VOLUMES);
  const groups = new Map<string, Segment>();
  for (const client of clients) {
    const spend = spendTier(client.spentUsd, tiers);
    const vol = volume(client.requests, tiers);
    if (only.spend && !only.spend.includes(spend)) continue;
    if (only.volume && !only.volume.includes(vol)) continue;
    bySpend[spend] += 1;
    byVolume[vol] += 1;
    const group = groups.get(`${spend}/${vol}`) ?? { spend, volume: vol, count: 0, clientIds: [] };
    group.count += 1;
    group.clientIds.push(safeId(client.clientId));
    groups.set(`${spend}/${vol}`, group);
  }
  const order = (s: Segment) => SPEND_TIERS.indexOf(s.spend) * VOLUMES.length + VOLUMES.indexOf(s.volume);
  return {
    generatedAt: now.toISOString(),
    clients: Object.values(bySpend).reduce((a, b) => a + b, 0),
    thresholds: tiers,
    bySpend,
    byVolume,
    segments: [...groups.values()]
      .sort((a, b) => order(a) - order(b))
      .map((s) => ({ ...s, clientIds: s.clientIds.sort() })),
  };
}
