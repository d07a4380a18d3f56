export const SPAN_TRAINING_ENQUEUE = 'training.enqueue';
export const SPAN_TRAINING_STEP = 'training.step';
export const ATTR_JOB_ID = 'training.job_id';
export const ATTR_JOB_PROVIDER = 'training.provider';
export const ATTR_JOB_MODEL = 'training.model';
export const ATTR_JOB_DATASET_ROWS = 'training.dataset_rows';
export const ATTR_STEP_FROM = 'training.step.from';
export const ATTR_STEP_TO = 'training.step.to';
/** False when another worker applied the same step first (its lease had run out). */
export const ATTR_STEP_APPLIED = 'training.step.applied';
