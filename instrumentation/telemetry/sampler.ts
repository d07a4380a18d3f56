import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';

/**
 * A trace-id ratio sampler whose ratio a service sets after the bootstrap started the SDK: the
 * bootstrap runs before any service code, yet each service declares its own default ratio.
 */
export class DeclaredRatioSampler implements Sampler {
  private inner = new TraceIdRatioBasedSampler(1);
  private ratio = 1;

  setRatio(ratio: number): void {
    this.ratio = ratio;
    this.inner = new TraceIdRatioBasedSampler(ratio);
  }

  getRatio(): number {
    return this.ratio;
  }

  shouldSample(context: Context, traceId: string): SamplingResult {
    return this.inner.shouldSample(context, traceId);
  }

  toString(): string {
    return `DeclaredRatioSampler{${this.ratio}}`;
  }
}

/**
 * Parent-based around the declared ratio. When remote parents are not trusted (the gateway, at the edge
 * of the stack), a caller's `sampled` flag does not force sampling: the ratio decides for remote parents
 * too. Local parents are always followed so a trace is never cut in half inside one process.
 */
export class StackSampler implements Sampler {
  private delegate: Sampler;

  constructor(private readonly ratio: DeclaredRatioSampler) {
    this.delegate = StackSampler.build(ratio, true);
  }

  setTrustRemoteParent(trust: boolean): void {
    this.delegate = StackSampler.build(this.ratio, trust);
  }

  private static build(ratio: DeclaredRatioSampler, trust: boolean): Sampler {
    return new ParentBasedSampler({
      root: ratio,
      remoteParentSampled: trust ? new AlwaysOnSampler() : ratio,
      remoteParentNotSampled: trust ? new AlwaysOffSampler() : ratio,
    });
  }

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    // Request figures come from the http duration histogram, which counts unsampled requests too, so
    // an unsampled span is never recorded.
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `StackSampler{${this.ratio.toString()}}`;
  }
}
