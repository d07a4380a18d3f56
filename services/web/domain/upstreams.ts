import type { WebConfig } from '../config.js';

/** A path prefix routed to an upstream, and the methods the upstream serves under it. */
export interface UpstreamRoute {
  prefix: string;
  methods: readonly string[];
}

export interface Upstream {
  name: string;
  url: string;
  routes: UpstreamRoute[];
}

/** The routing table, from the configured upstreams and routes: which path prefix goes to which service. */
export function upstreamsFrom(config: WebConfig): Upstream[] {
  return config.upstreams.map(({ name, url }) => ({
    name,
    url,
    routes: config.routes
      .filter((r) => r.upstream === name)
      .map(({ prefix, methods }) => ({ prefix, methods })),
  }));
}
