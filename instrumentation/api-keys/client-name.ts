import { badRequest } from '../errors.js';

/**
 * A client name: lowercase letters, digits and dashes, 1 to 63 characters, starting with a letter or a
 * digit. It becomes part of the identity `client:<name>` and of Redis keys, so nothing else is allowed.
 */
const CLIENT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function validClientName(value: unknown, field = 'client'): string {
  if (typeof value !== 'string' || !CLIENT_NAME.test(value)) {
    throw badRequest(
      `${field} must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit`,
      {
        field,
      },
    );
  }
  return value;
}
