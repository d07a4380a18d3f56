import { badRequest } from '../errors.js';

/**
 * Small field readers for JSON bodies and query strings: each failure is a 400 whose message names the
 * field, so a client can fix its request without reading our code.
 */
export type Fields = Record<string, unknown>;

export function requireObject(body: unknown, what = 'request body'): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`${what} must be a JSON object`);
  }
  return body as Fields;
}

export function stringField(
  fields: Fields,
  name: string,
  options: { required?: boolean; maxLength?: number; pattern?: RegExp } = {},
): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) {
    if (options.required) throw badRequest(`${name} is required`, { field: name });
    return undefined;
  }
  if (typeof value !== 'string') throw badRequest(`${name} must be a string`, { field: name });
  if (options.required && value.trim() === '') throw badRequest(`${name} must not be empty`, { field: name });
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw badRequest(`${name} must be at most ${options.maxLength} characters`, { field: name });
  }
  if (options.pattern && !options.pattern.test(value)) {
    throw badRequest(`${name} has an invalid format`, { field: name });
  }
  return value;
}

export function requiredString(
  fields: Fields,
  name: string,
  options: { maxLength?: number; pattern?: RegExp } = {},
) {
  return stringField(fields, name, { ...options, required: true }) as string;
}

export function numberField(
  fields: Fields,
  name: string,
  options: { min?: number; max?: number; integer?: boolean; fallback?: number },
): number | undefined {
  let value = fields[name];
  if (value === undefined || value === null || value === '') return options.fallback;
  // Query strings carry numbers as text, so digits in a string are accepted here too.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw badRequest(`${name} must be a number`, { field: name });
  }
  if (options.integer && !Number.isInteger(value))
    throw badRequest(`${name} must be an integer`, { field: name });
  if (
    (options.min !== undefined && value < options.min) ||
    (options.max !== undefined && value > options.max)
  ) {
    throw badRequest(`${name} must be between ${options.min ?? '-∞'} and ${options.max ?? '∞'}`, {
      field: name,
    });
  }
  return value;
}

/** A list given as a JSON array of strings or a comma-separated string (query parameters). */
export function stringListField(
  fields: Fields,
  name: string,
  allowed?: readonly string[],
): string[] | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  const list =
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string')) {
    throw badRequest(`${name} must be a non-empty list of strings`, { field: name });
  }
  if (allowed) {
    const unknown = list.filter((item) => !allowed.includes(item));
    if (unknown.length > 0) {
      throw badRequest(
        `${name} contains unknown values: ${unknown.join(', ')} (known: ${allowed.join(', ')})`,
        {
          field: name,
        },
      );
    }
  }
  return [...new Set(list as string[])];
}
