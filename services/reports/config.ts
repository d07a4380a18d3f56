import { ConfigError, readCommonConfig, readInt, readString } from '../../instrumentation/index.js';

export interface ReportTarget {
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

/** REPORT_TARGETS: `name=url` pairs, comma separated: the services the report covers. */
export function parseTargets(text: string): ReportTarget[] {
  const targets = text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name, url] = pair.split('=', 2).map((s) => s.trim());
      if (!name || !url || !/^https?:\/\//.test(url)) {
        throw new ConfigError('REPORT_TARGETS', `expected name=http(s)://host:port pairs, got "${pair}"`);
      }
      return { name, url: url.replace(/\/+$/, '') };
    });
  if (targets.length === 0) throw new ConfigError('REPORT_TARGETS', 'names no service');
  return targets;
}

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3008 }),
    targets: parseTargets(readString(env, 'REPORT_TARGETS', LOCAL_TARGETS)),
    reportCacheTtlMs: readInt(env, 'REPORT_CACHE_TTL_MS', 10_000, { min: 1 }),
    fetchTimeoutMs: readInt(env, 'REPORT_FETCH_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
  };
}

export type ReportsConfig = ReturnType<typeof readConfig>;
