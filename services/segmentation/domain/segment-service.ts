import { trace } from '@opentelemetry/api';
import {
  clientIdOf,
  IdentityProof,
  inSpan,
  SERVICE_IDENTITY_PREFIX,
  upstreamJson,
  type BreakerRegistry,
  type ServiceBreaker,
} from '../../../instrumentation/index.js';
import {
  ATTR_SEGMENTATION_CLIENTS,
  ATTR_SEGMENTATION_SEGMENTS,
  SPAN_SEGMENTATION_GROUP,
} from '../attributes.js';
import type { Tiers } from '../config.js';
import { segment, type ClientDay, type Segmentation } from './segments.js';

const tracer = trace.getTracer('segmentation');
/** What segmentation signs as when it asks budget for the day's clients, an internal route. */
const SEGMENTATION_IDENTITY = `${SERVICE_IDENTITY_PREFIX}segmentation`;

/**
 * Today's clients from budget's internal route (hashed ids, request counts, spend), counted by segment. Budget
 * failures reach the route as AppErrors: 502 unreachable or failing, 503 circuit open, 504 timeout.
 */
export class SegmentService {
  private readonly breaker: ServiceBreaker;
  private readonly proof: IdentityProof;

  constructor(
    breakers: BreakerRegistry,
    private readonly options: { budgetUrl: string; tiers: Tiers; gatewaySecret: string },
  ) {
    this.breaker = breakers.getOrCreate('budget');
    this.proof = new IdentityProof(options.gatewaySecret);
  }

  /** `caller`: the requesting client's identity, to find its own segment. */
  segments(only: { spend?: string[]; volume?: string[] }, caller: string): Promise<Segmentation> {
    return inSpan(tracer, SPAN_SEGMENTATION_GROUP, async (span) => {
      const clients = await this.clients();
      const result = segment(clients, this.options.tiers, { only, callerId: clientIdOf(caller) });
      span.setAttributes({
        [ATTR_SEGMENTATION_CLIENTS]: result.clients,
        [ATTR_SEGMENTATION_SEGMENTS]: result.segments.length,
      });
      return result;
    });
  }

  private async clients(): Promise<ClientDay[]> {
    const url = `${this.options.budgetUrl}/admin/clients`;
    const headers = this.proof.headers(SEGMENTATION_IDENTITY);
    return (await upstreamJson<{ clients: ClientDay[] }>(this.breaker, url, { headers })).clients;
  }
}
