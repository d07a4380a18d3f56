import { ConfigError, readString } from './env.js';

/** One service another service covers (reports' report, meta's catalogue). */
export interface ServiceTarget {
  name: string;
  url: string;
}

/** Every service of the stack on its contract port: the default when running on one machine. */
export const LOCAL_SERVICE_TARGETS = [
  'provider-sim=http://127.0.0.1:3010',
  'budget=http://127.0.0.1:3003',
  'reports=http://127.0.0.1:3008',
  'training=http://127.0.0.1:3001',
  'meta=http://127.0.0.1:3002',
  'coach=http://127.0.0.1:3004',
  'segmentation=http://127.0.0.1:3005',
  'capabilities=http://127.0.0.1:3006',
  'cup=http://127.0.0.1:3007',
  'product-development=http://127.0.0.1:3009',
  'web=http://127.0.0.1:3000',
].join(',');

/** `name=url` pairs, comma separated, each name once; errors name the variable. */
export function readTargets(env: NodeJS.ProcessEnv, variable: string): ServiceTarget[] {
  const targets = readString(env, variable, LOCAL_SERVICE_TARGETS)
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name, url] = pair.split('=', 2).map((s) => s.trim());
      if (!name || !url || !/^https?:\/\//.test(url)) {
        throw new ConfigError(variable, `expected name=http(s)://host:port pairs, got "${pair}"`);
      }
      return { name, url: url.replace(/\/+$/, '') };
    });
  if (targets.length === 0) throw new ConfigError(variable, 'names no service');
  const names = targets.map((t) => t.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new ConfigError(variable, `names ${twice} twice`);
  return targets;
}
