import type { Redis } from 'ioredis';
import type { JobStep, StoredJob } from './job.js';

export const JOB_TTL_SECONDS = 7 * 24 * 3600;
/** Job ids scored by when their next step is due. */
export const DUE_KEY = 'training:due';
export const jobKey = (id: string) => `training:job:${id}`;

// The earliest due job, leased: its due time moves past the lease so no other worker takes it meanwhile.
const CLAIM_LUA = `
local id = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1)[1]
if not id then return false end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
return id`;

// A step applies only while the job is still in the state it starts from: each step applies once.
const ADVANCE_LUA = `
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('EXPIRE', KEYS[1], ARGV[4])
if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
return 1`;

/**
 * The worker's side of the jobs: which step is due, and applying it. Claiming leases a job atomically
 * and applying checks the state it starts from, so replicas sharing the queue never apply a step twice;
 * a worker that dies mid-step leaves its lease to run out and another replica retries the step.
 */
export class JobQueue {
  constructor(private readonly redis: Redis) {}

  /** The id of one job whose next step is due, now leased to the caller for `leaseMs`. */
  async claimDue(nowMs: number, leaseMs: number): Promise<string | undefined> {
    const id = await this.redis.eval(CLAIM_LUA, 1, DUE_KEY, nowMs, leaseMs);
    return typeof id === 'string' ? id : undefined;
  }

  /** Drops a job from the queue (expired, or nothing left to do). */
  async forget(id: string): Promise<void> {
    await this.redis.zrem(DUE_KEY, id);
  }

  /**
   * Applies `step` if the job is still in `step.from`; `nextDueMs` schedules the following step, none
   * ends the job's time in the queue. False when another worker applied the step first.
   */
  async advance(job: StoredJob, step: JobStep, nextDueMs?: number, error?: string): Promise<boolean> {
    const fields = [
      ['status', step.to],
      ['updatedAt', step.at],
      ['steps', JSON.stringify([...job.steps, step])],
      ...(error ? [['error', error]] : []),
    ].flat();
    const applied = await this.redis.eval(
      ADVANCE_LUA,
      2,
      jobKey(job.id),
      DUE_KEY,
      job.id,
      step.from,
      nextDueMs ?? '',
      JOB_TTL_SECONDS,
      ...fields,
    );
    return applied === 1;
  }
}
