import { requiredString, stringField, type Fields } from '../../../instrumentation/index.js';

export const MAX_TITLE_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 2_000;
/** Feature ids are the lowercase UUIDs `randomUUID()` makes; anything else cannot name a feature. */
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Feature {
  id: string;
  title: string;
  description: string | null;
  votes: number;
  createdAt: string;
}

export const isFeatureId = (id: string) => ID_PATTERN.test(id);

/** A new feature from a request body: a title, and a description that is dropped when blank. */
export function parseNewFeature(body: Fields): { title: string; description: string | undefined } {
  const title = requiredString(body, 'title', { maxLength: MAX_TITLE_LENGTH }).trim();
  const description = stringField(body, 'description', { maxLength: MAX_DESCRIPTION_LENGTH })?.trim();
  return { title, description: description || undefined };
}

/** A feature from its Redis hash and its score in the ranking; an empty description reads as null. */
export function toFeature(id: string, fields: Record<string, string>, votes: unknown): Feature {
  return {
    id,
    title: fields.title ?? '',
    description: fields.description || null,
    votes: Number(votes ?? 0),
    createdAt: fields.createdAt ?? '',
  };
}
