import { describe, expect, it } from 'vitest';
import { SpendJournal } from '../../../services/budget/domain/spend-journal.js';

describe('spend journal: spend held in memory while Redis is away', () => {
  it('when one client spends several times, then its spend adds up under one entry', () => {
    const journal = new SpendJournal(10);

    journal.add('day:a', 300);
    journal.add('day:a', 200);

    expect(journal.pendingFor('day:a')).toBe(500);
    expect(journal.size).toBe(1);
  });

  it('when a client has journaled nothing, then its pending spend is 0', () => {
    expect(new SpendJournal(10).pendingFor('day:a')).toBe(0);
  });

  it('when the journal holds its maximum of clients, then a known client still adds spend', () => {
    const journal = new SpendJournal(2);
    journal.add('day:a', 1);
    journal.add('day:b', 1);

    expect(journal.add('day:a', 5)).toBe(true);
    expect(journal.pendingFor('day:a')).toBe(6);
    expect(journal.overflow).toBe(0);
  });

  it('when the journal holds its maximum of clients, then a new client’s spend is refused and counted', () => {
    const journal = new SpendJournal(2);
    journal.add('day:a', 1);
    journal.add('day:b', 1);

    expect(journal.add('day:c', 5)).toBe(false);
    expect(journal.add('day:c', 5)).toBe(false);
    expect(journal.pendingFor('day:c')).toBe(0);
    expect(journal.size).toBe(2);
    expect(journal.overflow).toBe(2);
  });

  it('when one place is left, then the next new client takes it', () => {
    const journal = new SpendJournal(2);
    journal.add('day:a', 1);

    expect(journal.add('day:b', 1)).toBe(true);
    expect(journal.size).toBe(2);
  });

  it('when entries are written to Redis, then they leave the journal and the total falls to 0', () => {
    const journal = new SpendJournal(10);
    journal.add('day:a', 300);
    journal.add('day:b', 700);
    expect(journal.totalMicros()).toBe(1_000);

    for (const [key, micros] of journal.entries()) journal.settle(key, micros);

    expect(journal.size).toBe(0);
    expect(journal.totalMicros()).toBe(0);
  });

  it('when a client spends again while its entry is being written, then the new spend stays journaled', () => {
    const journal = new SpendJournal(10);
    journal.add('day:a', 300);
    const [[key, written]] = journal.entries() as [[string, number]];

    // Redis drops again during the write: a burst's spend is journaled under the same key.
    journal.add('day:a', 50);
    journal.settle(key, written);

    expect(journal.pendingFor('day:a')).toBe(50);
    expect(journal.totalMicros()).toBe(50);
  });
});
