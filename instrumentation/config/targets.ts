import { ConfigError, readString } from './env.js';

/** One `key=value` entry of a list variable. */
export interface ConfigPair {
  key: string;
  value: string;
}

/**
 * A required list of `key=value` pairs, comma separated, each key once. `check` returns why a value is
 * wrong, or undefined; every error names the variable. Which services exist is no business of this
 * library: whoever starts a service passes these lists (scripts/stack-definition.ts derives them).
 */
export function readPairs(
  env: NodeJS.ProcessEnv,
  variable: string,
  check: (pair: ConfigPair) => string | undefined,
): ConfigPair[] {
  const pairs = readString(env, variable)
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => {
      const [key = '', value = ''] = text.split('=', 2).map((s) => s.trim());
      const problem = key && value ? check({ key, value }) : 'expected key=value';
      if (problem) throw new ConfigError(variable, `${problem}, got "${text}"`);
      return { key, value };
    });
  if (pairs.length === 0) throw new ConfigError(variable, 'names nothing');
  const keys = pairs.map((p) => p.key);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice) throw new ConfigError(variable, `names ${twice} twice`);
  return pairs;
}

/** One service another service calls or covers (reports' report, meta's catalogue, web's upstreams). */
export interface ServiceTarget {
  name: string;
  url: string;
}

/** `name=url` pairs, comma separated, each name once; errors name the variable. */
export function readTargets(env: NodeJS.ProcessEnv, variable: string): ServiceTarget[] {
  return readPairs(env, variable, ({ value }) =>
    /^https?:\/\//.test(value) ? undefined : 'expected name=http(s)://host:port pairs',
  ).map(({ key, value }) => ({ name: key, url: value.replace(/\/+$/, '') }));
}
