import { ConfigError, readCommonConfig, readInt, readString } from '../../instrumentation/index.js';

export interface CatalogTarget {
  name: string;
  url: string;
}

const LOCAL_TARGETS = [
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

/** CATALOG_TARGETS: `name=url` pairs, comma separated: every service of the stack, meta included. */
export function parseTargets(text: string): CatalogTarget[] {
  const targets = text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name, url] = pair.split('=', 2).map((s) => s.trim());
      if (!name || !url || !/^https?:\/\//.test(url)) {
        throw new ConfigError('CATALOG_TARGETS', `expected name=http(s)://host:port pairs, got "${pair}"`);
      }
      return { name, url: url.replace(/\/+$/, '') };
    });
  if (targets.length === 0) throw new ConfigError('CATALOG_TARGETS', 'names no service');
  const names = targets.map((t) => t.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new ConfigError('CATALOG_TARGETS', `names ${twice} twice`);
  return targets;
}

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3002 }),
    targets: parseTargets(readString(env, 'CATALOG_TARGETS', LOCAL_TARGETS)),
    /** Each service's health and version checks must answer within this many ms. */
    checkTimeoutMs: readInt(env, 'META_CHECK_TIMEOUT_MS', 1_000, { min: 10, max: 60_000 }),
  };
}

export type MetaConfig = ReturnType<typeof readConfig>;
