/**
 * Typed readers for environment variables. Each reader names the variable in its error so a bad value
 * stops start-up with a message an operator can act on.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readString(env: Env, name: string, fallback?: string): string {
  const value = raw(env, name) ?? fallback;
  if (value === undefined) throw new ConfigError(name, 'is required but not set');
  return value;
}

export function readOptionalString(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/** Shortest accepted secret or token: 32 characters, so a guessable word fails at start-up. */
export const MIN_SECRET_LENGTH = 32;

/**
 * A shared secret or token, optional: unset means the feature it guards is off. A set value must be at
 * least MIN_SECRET_LENGTH printable characters without spaces; the error never repeats the value.
 */
export function readOptionalSecret(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (value.length < MIN_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError(
      name,
      `must be at least ${MIN_SECRET_LENGTH} printable characters without spaces (e.g. openssl rand -hex 32)`,
    );
  }
  return value;
}

export function readSecret(env: Env, name: string): string {
  const value = readOptionalSecret(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required but not set (e.g. openssl rand -hex 32)');
  return value;
}

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function readNumber(env: Env, name: string, fallback: number, range: NumberRange = {}): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const kind = range.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
    throw new ConfigError(name, `must be ${kind}, got "${text}"`);
  }
  if (range.min !== undefined && value < range.min) {
    throw new ConfigError(name, `must be at least ${range.min}, got ${value}`);
  }
  if (range.max !== undefined && value > range.max) {
    throw new ConfigError(name, `must be at most ${range.max}, got ${value}`);
  }
  return value;
}

export function readInt(env: Env, name: string, fallback: number, range: Omit<NumberRange, 'integer'> = {}) {
  return readNumber(env, name, fallback, { ...range, integer: true });
}

export function readPort(env: Env, name: string, fallback: number): number {
  return readInt(env, name, fallback, { min: 0, max: 65535 });
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `must be true or false, got "${text}"`);
}

export function readUrl(env: Env, name: string, fallback?: string): string {
  const text = readString(env, name, fallback);
  try {
    const url = new URL(text);
    if (!['http:', 'https:', 'redis:', 'rediss:'].includes(url.protocol)) {
      throw new ConfigError(name, `must be an http(s) or redis URL, got "${text}"`);
    }
    return text.replace(/\/+$/, '');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(name, `must be a URL, got "${text}"`);
  }
}

export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}
