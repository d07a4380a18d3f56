import { badRequest, numberField, requiredString, type Fields } from '../../../instrumentation/index.js';
import type { JobInput } from './job.js';

const MAX_NAME_LENGTH = 64;
const MAX_DATASET_ROWS = 1_000_000;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A job request: provider and model names up to 64 characters, and 1 to 1 000 000 whole dataset rows. */
export function parseJobInput(body: Fields): JobInput {
  const provider = requiredString(body, 'provider', { maxLength: MAX_NAME_LENGTH });
  const model = requiredString(body, 'model', { maxLength: MAX_NAME_LENGTH });
  const datasetRows = numberField(body, 'datasetRows', { min: 1, max: MAX_DATASET_ROWS, integer: true });
  if (datasetRows === undefined) throw badRequest('datasetRows is required', { field: 'datasetRows' });
  return { provider, model, datasetRows };
}

/** Job ids are lowercase UUIDs; anything else names no job, without asking the store. */
export const isJobId = (id: string) => JOB_ID.test(id);
