import express, { type Router } from 'express';
import {
  AppError,
  notFound,
  numberField,
  requiredString,
  requireObject,
  serverSpan,
} from '../../../instrumentation/index.js';
import { strikes, type FaultTable } from '../domain/faults.js';
import { complete, latencyFor, type ProviderSpec } from '../domain/providers.js';
import {
  ATTR_PROVIDER_FAULT,
  ATTR_PROVIDER_NAME,
  ATTR_PROVIDER_MODEL,
  ATTR_USAGE_COMPLETION,
  ATTR_USAGE_PROMPT,
} from '../attributes.js';

export interface CompleteDeps {
  providers: ReadonlyMap<string, ProviderSpec>;
  faults: FaultTable;
  latencyScale: number;
  calls: Map<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function completeRoutes(deps: CompleteDeps): Router {
  const router = express.Router();
  router.post('/v1/providers/:name/complete', async (req, res) => {
    const provider = deps.providers.get(req.params.name);
    if (!provider) throw notFound(`Unknown provider: ${req.params.name}`);
    const body = requireObject(req.body);
    const prompt = requiredString(body, 'prompt', { maxLength: 32_000 });
    const maxTokens = numberField(body, 'maxTokens', {
      min: 1,
      max: provider.maxTokens,
      integer: true,
      fallback: 256,
    })!;
    deps.calls.set(provider.name, (deps.calls.get(provider.name) ?? 0) + 1);

    const span = serverSpan();
    span?.setAttributes({ [ATTR_PROVIDER_NAME]: provider.name, [ATTR_PROVIDER_MODEL]: provider.model });
    const fault = deps.faults.get(provider.name);
    await sleep(latencyFor(provider, deps.latencyScale) + (fault?.latencyMs ?? 0));
    if (fault && strikes(fault, Math.random())) {
      span?.setAttribute(ATTR_PROVIDER_FAULT, true);
      throw new AppError(fault.status, 'injected_fault', `Injected fault for provider ${provider.name}`);
    }
    const result = complete(provider, prompt, maxTokens);
    span?.setAttributes({
      [ATTR_USAGE_PROMPT]: result.promptTokens,
      [ATTR_USAGE_COMPLETION]: result.completionTokens,
    });
    res.json({
      provider: provider.name,
      model: provider.model,
      output: result.output,
      usage: { promptTokens: result.promptTokens, completionTokens: result.completionTokens },
      costUsd: result.costUsd,
    });
  });
  router.get('/v1/providers', (_req, res) => {
    res.json({
      providers: [...deps.providers.values()].map((p) => ({
        name: p.name,
        model: p.model,
        pricePer1kTokensUsd: p.pricePer1kTokensUsd,
        latency: { meanMs: p.latencyMeanMs, jitterMs: p.latencyJitterMs },
        limits: { maxTokens: p.maxTokens },
      })),
    });
  });
  return router;
}
