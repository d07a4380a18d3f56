export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobInput {
  provider: string;
  model: string;
  datasetRows: number;
}

/** One move of the worker, with the trace it ran in, so a user can open each step in Jaeger. */
export interface JobStep {
  from: JobStatus;
  to: JobStatus;
  at: string;
  traceId: string;
}

export interface Job extends JobInput {
  id: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  steps: JobStep[];
  error?: string;
}

/** A job as stored: its view plus the trace context of the request that created it. */
export interface StoredJob extends Job {
  origin: Record<string, string>;
}

/**
 * The simulated failure rule: a dataset whose row count is a multiple of 13 fails when it finishes
 * running. Deterministic, so a user (or a test) can ask for a failure.
 */
export const FAILING_ROWS_DIVISOR = 13;

export function nextStep(job: Job): { to: JobStatus; error?: string } | undefined {
  if (job.status === 'queued') return { to: 'running' };
  if (job.status !== 'running') return undefined;
  if (job.datasetRows % FAILING_ROWS_DIVISOR === 0) {
    return {
      to: 'failed',
      error: `simulated failure: datasetRows is a multiple of ${FAILING_ROWS_DIVISOR}`,
    };
  }
  return { to: 'succeeded' };
}

export const isTerminal = (status: JobStatus): boolean => status === 'succeeded' || status === 'failed';

export function toHash(job: StoredJob): Record<string, string> {
  const { origin, steps, datasetRows, error, ...rest } = job;
  return {
    ...rest,
    datasetRows: String(datasetRows),
    steps: JSON.stringify(steps),
    origin: JSON.stringify(origin),
    ...(error ? { error } : {}),
  };
}

export function fromHash(hash: Record<string, string>): StoredJob | undefined {
  if (!hash.id || !hash.status) return undefined;
  const parse = <T>(text: string | undefined, fallback: T): T => {
    try {
      return text ? (JSON.parse(text) as T) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    id: hash.id,
    provider: hash.provider ?? '',
    model: hash.model ?? '',
    datasetRows: Number(hash.datasetRows ?? 0),
    status: hash.status as JobStatus,
    createdAt: hash.createdAt ?? '',
    updatedAt: hash.updatedAt ?? '',
    steps: parse<JobStep[]>(hash.steps, []),
    ...(hash.error ? { error: hash.error } : {}),
    origin: parse<Record<string, string>>(hash.origin, {}),
  };
}

/** What the API answers: everything but the stored trace context. */
export function view(job: StoredJob): Job {
  const { origin: _origin, ...rest } = job;
  return rest;
}
