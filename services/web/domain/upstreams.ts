import type { WebConfig } from '../config.js';

export interface Upstream {
  name: string;
  url: string;
  /** Path prefixes routed to this upstream. */
  prefixes: string[];
}

/** The routing table, from the configured upstreams and routes: which path prefix goes to which service. */
export function upstreamsFrom(config: WebConfig): Upstream[] {
  return config.upstreams.map(({ name, url }) => ({
    name,
    url,
    prefixes: config.routes.filter((r) => r.upstream === name).map((r) => r.prefix),
  }));
}
