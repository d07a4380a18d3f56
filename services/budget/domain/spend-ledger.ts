import type { Redis } from 'ioredis';
import { isRedisUnavailable, OutageLog, type Logger } from '../../../instrumentation/index.js';
import { shortHash } from './burst-key.js';
import { budgetStatus, dayOf, toMicros, toUsd, type BudgetStatus } from './spend-figures.js';
import { SpendJournal } from './spend-journal.js';

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
    this.outage = new OutageLog(options.logger, {
      down: 'Redis unavailable; journaling spend in memory',
      up: 'Redis available again; spend journal written back',
    });
  }

  private key(client: string, now = this.now()): string {
    return `budget:spend:${dayOf(now)}:${shortHash(client)}`;
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

  async record(client: string, costUsd: number): Promise<{ journaled: boolean }> {
    const micros = toMicros(costUsd);
    if (micros <= 0) return { journaled: false };
    const key = this.key(client);
    try {
      const total = await this.redis.incrby(key, micros);
      await this.redis.expire(key, KEY_TTL_SECONDS).catch(onlyOutages);
      this.rememberBounded(key, total);
      return { journaled: false };
    } catch (error) {
      onlyOutages(error);
      this.addToJournal(key, micros, error);
      return { journaled: true };
    }
  }

  private addToJournal(key: string, micros: number, cause: unknown): void {
    this.outage.failed(cause);
    if (!this.journal.add(key, micros)) {
      // Bounded memory wins over completeness only past this many distinct clients in one outage.
      this.options.logger.error(
        { journalClients: this.journal.size },
        'spend journal full; spend not recorded',
      );
      return;
    }
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
