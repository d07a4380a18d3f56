import type { Pipeline } from '../../scripts/tooling/pipeline.js';
import { JaegerTraceSource } from './jaeger-reader.js';

export { Pipeline } from '../../scripts/tooling/pipeline.js';

/** Where trace assertions read the pipeline's spans: Jaeger's api_v3, through the reader written for compose. */
export function pipelineTraces(pipeline: Pipeline): JaegerTraceSource {
  return new JaegerTraceSource(pipeline.jaegerUrl);
}
