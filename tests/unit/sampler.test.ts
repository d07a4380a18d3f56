import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { DeclaredRatioSampler, StackSampler } from '../../instrumentation/telemetry/sampler.js';

const remoteSampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: 'ffffffffffffffffffffffffffffffff',
  spanId: '1111111111111111',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});
const TRACE_ID = 'ffffffffffffffffffffffffffffffff';

describe('stack sampler', () => {
  it('when remote parents are trusted, then a sampled caller forces sampling', () => {
    const ratio = new DeclaredRatioSampler();
    ratio.setRatio(0);
    const sampler = new StackSampler(ratio);
    const result = sampler.shouldSample(remoteSampled, TRACE_ID, 'x', SpanKind.SERVER, {}, []);
    expect(result.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('when remote parents are not trusted, then the ratio decides and an unsampled server span is not recorded', () => {
    const ratio = new DeclaredRatioSampler();
    ratio.setRatio(0);
    const sampler = new StackSampler(ratio);
    sampler.setTrustRemoteParent(false);
    const server = sampler.shouldSample(remoteSampled, TRACE_ID, 'x', SpanKind.SERVER, {}, []);
    expect(server.decision).toBe(SamplingDecision.NOT_RECORD);
    const internal = sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'x', SpanKind.INTERNAL, {}, []);
    expect(internal.decision).toBe(SamplingDecision.NOT_RECORD);
  });

  it('when the ratio is 1, then root spans are sampled', () => {
    const sampler = new StackSampler(new DeclaredRatioSampler());
    expect(sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'x', SpanKind.SERVER, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });
});
