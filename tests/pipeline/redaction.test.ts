/**
 * The collector's redaction, run for real: a span carrying forbidden attributes and a prompt inside a
 * URL goes through the built collector into Jaeger, and Jaeger's copy has none of it.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newSpanId, newTraceId, sendSpans } from '../support/otlp-sender.js';
import { Pipeline, pipelineTraces } from '../support/pipeline.js';
import { waitForTrace } from '../support/trace-source.js';

const SECRET = 'tell-me-the-launch-codes';

describe('redaction in the real collector', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('when a span carries forbidden attributes and a prompt in its URL, then Jaeger stores it without them', async () => {
    onTestFailed(() => console.log(pipeline.logs()));
    const traceId = newTraceId();
    const status = await sendSpans(pipeline.endpoint, 'redaction-probe', [
      {
        traceId,
        spanId: newSpanId(),
        name: 'GET /api/v1/providers/burst',
        attributes: {
          'llm.prompt': SECRET,
          'burst.Prompt_Text': SECRET,
          'client.api_key': SECRET,
          'http.request.header.authorization': `Bearer ${SECRET}`,
          'http.response.header.set-cookie': `sid=${SECRET}`,
          'url.query': `prompt=${SECRET}&providers=alpha`,
          'url.full': `http://web:3000/api/v1/providers/burst?api_key=${SECRET}&providers=alpha`,
          'http.target': `/api/v1/providers/burst?Prompt=${SECRET}`,
          'burst.providers': 'alpha',
        },
      },
    ]);
    expect(status).toBe(200);

    const [span] = await waitForTrace(pipelineTraces(pipeline), traceId, (spans) => spans.length === 1);
    expect(span!.attributes).toEqual({
      'url.query': 'prompt=REDACTED&providers=alpha',
      'url.full': 'http://web:3000/api/v1/providers/burst?api_key=REDACTED&providers=alpha',
      'http.target': '/api/v1/providers/burst?Prompt=REDACTED',
      'burst.providers': 'alpha',
    });
    expect(JSON.stringify([span!.name, span!.attributes, span!.events, span!.resource])).not.toContain(
      SECRET,
    );
  });
});
