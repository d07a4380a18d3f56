import type { Redis } from 'ioredis';
import { clientIdOf, isRedisUnavailable, OutageLog, type Logger } from '../../../instrumentation/index.js';
import { budgetStatus, dayOf, toMicros, toUsd, type BudgetStatus } from './spend-figures.js';
import { SpendJournal } from './spend-journal.js';
import { RESERVE_LUA } from './reserve.lua.js';

/** Spend set aside for one burst until it is settled. */
export interface Reservation {
  key: string;
  micros: number;
  /** Whether it went to the in-process journal because Redis was away. */
  journaled: boolean;
  /** The client's spend for the day once this reservation was added. */
  spentMicros: number;
}

const KEY_TTL_SECONDS = 2 * 24 * 3600;
const FLUSH_INTERVAL_MS = 500;

/** Redis being away is what the journal is for; any other error is a bug and propagates. */
function onlyOutages(error: unknown): void {
  if (!isRedisUnavailable(error)) throw error;
}

/**
 * Each client's spend per UTC day, kept in Redis as whole micro-dollars so INCRBY adds exactly and
 * atomically across replicas. While Redis is away, spend goes to a bounded in-process journal (one
 * entry per client and day) that is written to Redis when it returns, so no spend is lost; checks then
 * use the last figure read from Redis plus the journal.
 */
export class SpendLedger {
  private readonly journal: SpendJournal;
  private readonly outage: OutageLog;
  private readonly limitMicros: number;
  private readonly lastKnown = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  flushedEntries = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: { limitUsd: number; maxJournalClients: number; logger: Logger },
    private readonly now: () => number = Date.now,
  ) {
    this.journal = new SpendJournal(options.maxJournalClients);
    this.limitMicros = toMicros(options.limitUsd);
    this.outage = new OutageLog(options.logger, {
      down: 'Redis unavailable; journaling spend in memory',
      up: 'Redis available again; spend journal written back',
    });
  }

  private key(client: string, now = this.now()): string {
    return `budget:spend:${dayOf(now)}:${clientIdOf(client)}`;
  }

  private status(spentMicros: number): BudgetStatus {
    return budgetStatus(spentMicros, this.options.limitUsd, this.now());
  }

  async get(client: string): Promise<BudgetStatus> {
    const key = this.key(client);
    try {
      const stored = Number((await this.redis.get(key)) ?? 0);
      this.rememberBounded(key, stored);
    } catch (error) {
      // Redis away: fall through to the last known figure plus the journal.
      onlyOutages(error);
    }
    return this.status((this.lastKnown.get(key) ?? 0) + this.journal.pendingFor(key));
  }

  /**
   * Reserves the most a burst can cost against the client's limit, before any provider is called:
   * atomically in Redis, so concurrent bursts on any replica cannot together pass the limit; while
   * Redis is away, against the last known figure plus the journal, which keeps the same promise for
   * this process. Undefined when the reservation does not fit: the burst must not run.
   */
  async reserve(client: string, micros: number): Promise<Reservation | undefined> {
    const key = this.key(client);
    try {
      const total = Number(
        await this.redis.eval(RESERVE_LUA, 1, key, micros, this.limitMicros, KEY_TTL_SECONDS),
      );
      if (total < 0) return undefined;
      this.rememberBounded(key, total);
      return { key, micros, journaled: false, spentMicros: total };
    } catch (error) {
      onlyOutages(error);
      const known = (this.lastKnown.get(key) ?? 0) + this.journal.pendingFor(key);
      if (known + micros > this.limitMicros) return undefined;
      if (!this.addToJournal(key, micros, error)) return undefined;
      return { key, micros, journaled: true, spentMicros: known + micros };
    }
  }

  /**
   * Replaces a reservation by what the burst really cost (0 when it failed, was shared or cached):
   * the difference goes back to the client's spend. The budget it answers comes from the totals the
   * reservation and this write returned, so the burst needs no further read.
   */
  async settle(
    reservation: Reservation,
    actualMicros: number,
  ): Promise<{ journaled: boolean; budget: BudgetStatus }> {
    const delta = actualMicros - reservation.micros;
    if (delta === 0)
      return { journaled: reservation.journaled, budget: this.status(reservation.spentMicros) };
    try {
      const total = await this.redis.incrby(reservation.key, delta);
      this.rememberBounded(reservation.key, total);
      return { journaled: reservation.journaled, budget: this.status(total) };
    } catch (error) {
      onlyOutages(error);
      this.addToJournal(reservation.key, delta, error);
      const known = (this.lastKnown.get(reservation.key) ?? 0) + this.journal.pendingFor(reservation.key);
      return { journaled: true, budget: this.status(known) };
    }
  }

  private addToJournal(key: string, micros: number, cause: unknown): boolean {
    this.outage.failed(cause);
    if (!this.journal.add(key, micros)) {
      // Bounded memory wins over completeness only past this many distinct clients in one outage.
      this.options.logger.error(
        { journalClients: this.journal.size },
        'spend journal full; spend not recorded',
      );
      return false;
    }
    return true;
  }

  private rememberBounded(key: string, micros: number): void {
    if (this.lastKnown.size >= this.options.maxJournalClients * 2) this.lastKnown.clear();
    this.lastKnown.set(key, micros);
  }

  /** Writes journaled spend to Redis; entries stay journaled until their write succeeds. */
  async flush(): Promise<void> {
    if (this.flushing || this.journal.size === 0) return;
    this.flushing = true;
    try {
      for (const [key, micros] of this.journal.entries()) {
        const total = await this.redis.incrby(key, micros);
        await this.redis.expire(key, KEY_TTL_SECONDS).catch(onlyOutages);
        this.journal.settle(key, micros);
        this.rememberBounded(key, total);
        this.flushedEntries += 1;
      }
      this.outage.recovered();
    } catch (error) {
      // Still away: the next tick tries again. Anything else is a bug, logged as one.
      if (!isRedisUnavailable(error)) this.options.logger.error({ err: error }, 'spend journal flush failed');
    } finally {
      this.flushing = false;
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  stats() {
    return {
      journalClients: this.journal.size,
      journalPendingUsd: toUsd(this.journal.totalMicros()),
      journalOverflow: this.journal.overflow,
      journalFlushedEntries: this.flushedEntries,
    };
  }
}
