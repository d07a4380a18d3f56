import { describe, expect, it } from 'vitest';
import type { Tiers } from '../../../services/segmentation/config.js';
import { segment, type ClientDay } from '../../../services/segmentation/domain/segments.js';

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
  it('when clients fall into several segments, then each segment counts its clients and names none of them', () => {
    const clients = [client(1, 150, 2), client(2, 5, 0), client(3, 120, 3), client(4, 20, 0.5)];

    const result = segment(clients, TIERS, { now: NOW });

    expect(result.clients).toBe(4);
    expect(result.bySpend).toEqual({ free: 1, light: 0, regular: 1, heavy: 2 });
    expect(result.byVolume).toEqual({ low: 1, medium: 1, high: 2 });
    expect(result.segments).toEqual([
      { spend: 'free', volume: 'low', count: 1 },
      { spend: 'regular', volume: 'medium', count: 1 },
      { spend: 'heavy', volume: 'high', count: 2 },
    ]);
    for (const n of [1, 2, 3, 4]) expect(JSON.stringify(result)).not.toContain(id(n));
  });

  it('when segments are answered, then they are ordered by spend tier, then by volume, whatever the input order', () => {
    const clients = [
      client(1, 500, 5), // heavy/high
      client(2, 50, 5), // heavy/medium
      client(3, 500, 0.001), // light/high
      client(4, 1, 0.001), // light/low
      client(5, 1, 0), // free/low
    ];

    const order = segment(clients, TIERS, { now: NOW }).segments.map((s) => `${s.spend}/${s.volume}`);

    expect(order).toEqual(['free/low', 'light/low', 'light/high', 'heavy/medium', 'heavy/high']);
  });

  it('when no segment holds a client, then no empty segment is listed and every count is 0', () => {
    const result = segment([], TIERS, { now: NOW });

    expect(result.segments).toEqual([]);
    expect(result.clients).toBe(0);
    expect(result.bySpend).toEqual({ free: 0, light: 0, regular: 0, heavy: 0 });
    expect(result.byVolume).toEqual({ low: 0, medium: 0, high: 0 });
  });

  it('when the result is built, then it carries the thresholds used and the time it was made', () => {
    const result = segment([], TIERS, { now: NOW });

    expect(result.thresholds).toEqual(TIERS);
    expect(result.generatedAt).toBe('2026-03-10T09:30:00.000Z');
  });
});

describe('segmentation filters: only the named tiers and volumes', () => {
  const clients = [client(1, 150, 2), client(2, 5, 0), client(3, 20, 2), client(4, 150, 0.5)];

  it('when only some spend tiers are asked for, then other clients are left out of every count', () => {
    const result = segment(clients, TIERS, { only: { spend: ['heavy'] }, now: NOW });

    expect(result.clients).toBe(2);
    expect(result.bySpend).toEqual({ free: 0, light: 0, regular: 0, heavy: 2 });
    expect(result.byVolume).toEqual({ low: 0, medium: 1, high: 1 });
  });

  it('when only some volumes are asked for, then other clients are left out of every count', () => {
    const result = segment(clients, TIERS, { only: { volume: ['high'] }, now: NOW });

    expect(result.segments.map((s) => `${s.spend}/${s.volume}`)).toEqual(['regular/high', 'heavy/high']);
  });

  it('when both filters are given, then a client must match both', () => {
    const result = segment(clients, TIERS, {
      only: { spend: ['heavy', 'free'], volume: ['medium', 'low'] },
      now: NOW,
    });

    expect(result.segments).toEqual([
      { spend: 'free', volume: 'low', count: 1 },
      { spend: 'heavy', volume: 'medium', count: 1 },
    ]);
  });
});

describe("segmentation: the caller's own segment", () => {
  const clients = [client(1, 150, 2), client(2, 5, 0), client(3, 20, 0.5)];

  it('when the caller is among the clients, then yours is its spend tier and volume', () => {
    expect(segment(clients, TIERS, { now: NOW, callerId: id(3) }).yours).toEqual({
      spend: 'regular',
      volume: 'medium',
    });
    expect(segment(clients, TIERS, { now: NOW, callerId: id(1) }).yours).toEqual({
      spend: 'heavy',
      volume: 'high',
    });
  });

  it('when the caller has not burst today, or no caller is named, then yours is null', () => {
    expect(segment(clients, TIERS, { now: NOW, callerId: id(9) }).yours).toBeNull();
    expect(segment(clients, TIERS, { now: NOW }).yours).toBeNull();
  });

  it("when a filter leaves the caller's segment out, then yours still says where the caller is", () => {
    const result = segment(clients, TIERS, { only: { spend: ['free'] }, now: NOW, callerId: id(1) });

    expect(result.segments).toEqual([{ spend: 'free', volume: 'low', count: 1 }]);
    expect(result.yours).toEqual({ spend: 'heavy', volume: 'high' });
  });
});
