import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Tiers } from '../../../services/segmentation/config.js';
import { safeId, segment, type ClientDay } from '../../../services/segmentation/domain/segments.js';

const TIERS: Tiers = { regularFromUsd: 0.01, heavyFromUsd: 1, mediumFromRequests: 10, highFromRequests: 100 };
const NOW = new Date('2026-03-10T09:30:00.000Z');

/** A hashed id as budget hands them out: 16 hex characters. */
const id = (n: number) => n.toString(16).padStart(16, '0');
const client = (n: number, requests: number, spentUsd: number): ClientDay => ({
  clientId: id(n),
  requests,
  spentUsd,
});

describe('segmentation grouping: clients by spend tier and volume', () => {
  it('when clients fall into several segments, then each segment counts its clients and lists their ids', () => {
    const clients = [client(1, 150, 2), client(2, 5, 0), client(3, 120, 3), client(4, 20, 0.5)];

    const result = segment(clients, TIERS, {}, NOW);

    expect(result.clients).toBe(4);
    expect(result.bySpend).toEqual({ free: 1, light: 0, regular: 1, heavy: 2 });
    expect(result.byVolume).toEqual({ low: 1, medium: 1, high: 2 });
    expect(result.segments).toEqual([
      { spend: 'free', volume: 'low', count: 1, clientIds: [id(2)] },
      { spend: 'regular', volume: 'medium', count: 1, clientIds: [id(4)] },
      { spend: 'heavy', volume: 'high', count: 2, clientIds: [id(1), id(3)] },
    ]);
  });

  it('when segments are answered, then they are ordered by spend tier, then by volume, whatever the input order', () => {
    const clients = [
      client(1, 500, 5), // heavy/high
      client(2, 50, 5), // heavy/medium
      client(3, 500, 0.001), // light/high
      client(4, 1, 0.001), // light/low
      client(5, 1, 0), // free/low
    ];

    const order = segment(clients, TIERS, {}, NOW).segments.map((s) => `${s.spend}/${s.volume}`);

    expect(order).toEqual(['free/low', 'light/low', 'light/high', 'heavy/medium', 'heavy/high']);
  });

  it('when a segment holds several clients, then their ids are sorted', () => {
    const clients = [client(9, 1, 0), client(3, 1, 0), client(7, 1, 0)];

    const [only] = segment(clients, TIERS, {}, NOW).segments;

    expect(only?.clientIds).toEqual([id(3), id(7), id(9)]);
  });

  it('when no segment holds a client, then no empty segment is listed and every count is 0', () => {
    const result = segment([], TIERS, {}, NOW);

    expect(result.segments).toEqual([]);
    expect(result.clients).toBe(0);
    expect(result.bySpend).toEqual({ free: 0, light: 0, regular: 0, heavy: 0 });
    expect(result.byVolume).toEqual({ low: 0, medium: 0, high: 0 });
  });

  it('when the result is built, then it carries the thresholds used and the time it was made', () => {
    const result = segment([], TIERS, {}, NOW);

    expect(result.thresholds).toEqual(TIERS);
    expect(result.generatedAt).toBe('2026-03-10T09:30:00.000Z');
  });
});

describe('segmentation filters: only the named tiers and volumes', () => {
  const clients = [client(1, 150, 2), client(2, 5, 0), client(3, 20, 2), client(4, 150, 0.5)];

  it('when only some spend tiers are asked for, then other clients are left out of every count', () => {
    const result = segment(clients, TIERS, { spend: ['heavy'] }, NOW);

    expect(result.clients).toBe(2);
    expect(result.bySpend).toEqual({ free: 0, light: 0, regular: 0, heavy: 2 });
    expect(result.byVolume).toEqual({ low: 0, medium: 1, high: 1 });
  });

  it('when only some volumes are asked for, then other clients are left out of every count', () => {
    const result = segment(clients, TIERS, { volume: ['high'] }, NOW);

    expect(result.segments.map((s) => `${s.spend}/${s.volume}`)).toEqual(['regular/high', 'heavy/high']);
  });

  it('when both filters are given, then a client must match both', () => {
    const result = segment(clients, TIERS, { spend: ['heavy', 'free'], volume: ['medium', 'low'] }, NOW);

    expect(result.segments).toEqual([
      { spend: 'free', volume: 'low', count: 1, clientIds: [id(2)] },
      { spend: 'heavy', volume: 'medium', count: 1, clientIds: [id(3)] },
    ]);
  });
});

describe('segmentation ids: no raw client id is ever answered', () => {
  const sha16 = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

  it('when an id is already a hash (16 to 64 lowercase hex), then it is kept as it is', () => {
    expect(safeId('0123456789abcdef')).toBe('0123456789abcdef');
    expect(safeId('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it('when an id is not a hash, then it is answered as the first 16 hex of its SHA-256', () => {
    expect(safeId('client-api-key')).toBe(sha16('client-api-key'));
    expect(safeId('192.0.2.7')).toBe(sha16('192.0.2.7'));
  });

  it('when a hex id is too short, too long or upper case, then it is hashed too', () => {
    expect(safeId('a'.repeat(15))).toBe(sha16('a'.repeat(15)));
    expect(safeId('a'.repeat(65))).toBe(sha16('a'.repeat(65)));
    expect(safeId('0123456789ABCDEF')).toBe(sha16('0123456789ABCDEF'));
  });

  it('when clients are grouped, then a raw id in the input comes out hashed', () => {
    const [only] = segment([{ clientId: 'alice', requests: 1, spentUsd: 0 }], TIERS, {}, NOW).segments;

    expect(only?.clientIds).toEqual([sha16('alice')]);
  });
});
