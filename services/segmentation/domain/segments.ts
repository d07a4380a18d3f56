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

/** Where a client falls: its spend tier and request volume. */
export interface Place {
  spend: SpendTier;
  volume: Volume;
}

/** How many clients share a place: which clients they are is budget's admin data. */
export type Segment = Place & { count: number };

/** What to count: `only` keeps the named tiers or volumes; `callerId` (a client id) finds the caller's own place. */
export interface SegmentQuery {
  only?: { spend?: readonly string[]; volume?: readonly string[] };
  callerId?: string;
  now?: Date;
}

export interface Segmentation {
  generatedAt: string;
  clients: number;
  thresholds: Tiers;
  bySpend: Record<SpendTier, number>;
  byVolume: Record<Volume, number>;
  /** Only the segments that hold a client, by spend tier then volume. */
  segments: Segment[];
  /** The caller's own segment (whatever the filters), null if it has not burst today. */
  yours: Place | null;
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

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts clients by spend tier and request volume (see SegmentQuery). */
export function segment(
  clients: readonly ClientDay[],
  tiers: Tiers,
  { only = {}, callerId, now = new Date() }: SegmentQuery = {},
): Segmentation {
  const bySpend = zeroes(SPEND_TIERS);
  const byVolume = zeroes(VOLUMES);
  const groups = new Map<string, Segment>();
  let yours: Place | null = null;
  for (const client of clients) {
    const spend = spendTier(client.spentUsd, tiers);
    const vol = volume(client.requests, tiers);
    if (client.clientId === callerId) yours = { spend, volume: vol };
    if (only.spend && !only.spend.includes(spend)) continue;
    if (only.volume && !only.volume.includes(vol)) continue;
    bySpend[spend] += 1;
    byVolume[vol] += 1;
    const group = groups.get(`${spend}/${vol}`) ?? { spend, volume: vol, count: 0 };
    group.count += 1;
    groups.set(`${spend}/${vol}`, group);
  }
  const order = (s: Segment) => SPEND_TIERS.indexOf(s.spend) * VOLUMES.length + VOLUMES.indexOf(s.volume);
  return {
    generatedAt: now.toISOString(),
    clients: Object.values(bySpend).reduce((a, b) => a + b, 0),
    thresholds: tiers,
    bySpend,
    byVolume,
    segments: [...groups.values()].sort((a, b) => order(a) - order(b)),
    yours,
  };
}
