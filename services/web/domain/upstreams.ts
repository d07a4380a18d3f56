import type { WebConfig } from '../config.js';

export interface Upstream {
  name: string;
  url: string;
  /** Path prefixes routed to this upstream. */
  prefixes: string[];
}

/** The routing table: which path prefix goes to which service. */
export function upstreamsFrom(config: WebConfig): Upstream[] {
  return [
    { name: 'budget', url: config.budgetUrl, prefixes: ['/api/v1/providers', '/api/v1/budget'] },
    { name: 'reports', url: config.reportsUrl, prefixes: ['/api/v1/reports'] },
  ];
}
