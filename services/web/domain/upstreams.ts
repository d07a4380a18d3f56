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
    { name: 'training', url: config.trainingUrl, prefixes: ['/api/v1/training'] },
    { name: 'meta', url: config.metaUrl, prefixes: ['/api/v1/meta'] },
    { name: 'coach', url: config.coachUrl, prefixes: ['/api/v1/coach'] },
    { name: 'segmentation', url: config.segmentationUrl, prefixes: ['/api/v1/segmentation'] },
    { name: 'capabilities', url: config.capabilitiesUrl, prefixes: ['/api/v1/capabilities'] },
    { name: 'cup', url: config.cupUrl, prefixes: ['/api/v1/cup'] },
    { name: 'product-development', url: config.productDevelopmentUrl, prefixes: ['/api/v1/product'] },
  ];
}
