/**
 * `npm run load`: drives bounded, realistic traffic through the gateway (bursts, cached bursts,
 * reports, budgets, scores, votes and, now and then, a flood) at LOAD_RATE starts per second for
 * LOAD_DURATION_SECONDS, then prints what it got back and exits by itself.
 */
import { loadConfigOrExit } from '../../instrumentation/config/load.js';
import { shutdownTelemetry } from '../../instrumentation/telemetry/sdk.js';
import { flood, MIX, type Action, type Answer } from './actions.js';
import { readLoadConfig } from './config.js';
import { weightedDeck } from './deck.js';
import { loadTarget } from './keys.js';
import { summarise } from './summary.js';

const config = loadConfigOrExit(readLoadConfig);
const everyday = weightedDeck(MIX);
const floodAction = flood(config.floodSize);
const target = loadTarget(config.targetUrl, config.adminToken);

function pick(step: number): Action {
  if (config.floodEvery > 0 && step > 0 && step % config.floodEvery === 0) return floodAction;
  return everyday();
}

const answers: Answer[] = [];
const inFlight = new Set<Promise<void>>();
const startedAt = Date.now();
const endsAt = startedAt + config.durationSeconds * 1000;
const intervalMs = 1000 / config.ratePerSecond;
let stopping = false;

process.once('SIGTERM', () => (stopping = true));
process.once('SIGINT', () => (stopping = true));

for (let step = 0; !stopping && Date.now() < endsAt; step += 1) {
  const run = pick(step)(target, step).then((got) => {
    answers.push(...got);
  });
  inFlight.add(run);
  void run.finally(() => inFlight.delete(run));
  // Paced against the start time, so slow answers do not lower the rate (up to the in-flight work).
  const next = startedAt + (step + 1) * intervalMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
await Promise.all(inFlight);
process.stdout.write(`${JSON.stringify(summarise(answers, Date.now() - startedAt))}\n`);
// Started under the bootstrap (as in compose), its own client spans and metrics are flushed; else a no-op.
await shutdownTelemetry();
