/** What a user of the stack does, one HTTP exchange (or one flood) per action, through the gateway. */

export interface Answer {
  action: string;
  status: number;
}

/** The gateway, and the headers that make a request count as one of the load's clients. */
export interface LoadTarget {
  url: string;
  as(client: string): Promise<Record<string, string>>;
}

export type Action = (target: LoadTarget, step: number) => Promise<Answer[]>;

const CLIENTS = 8;
const CACHED_PROMPTS = ['Explain tracing in one line', 'What is a span?', 'Why sample traces?'];

const clientOf = (step: number) => `load-client-${step % CLIENTS}`;

async function send(
  action: string,
  url: string,
  init: { method?: string; body?: unknown; as: Record<string, string> },
): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...init.as, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return { action, status: res.status };
  } catch {
    // Not answered at all (refused, reset, timed out): counted as 0, apart from every HTTP status.
    return { action, status: 0 };
  }
}

const burst = async (target: LoadTarget, client: string, prompt: string) =>
  send('burst', `${target.url}/api/v1/providers/burst`, { as: await target.as(client), body: { prompt } });

const freshBurst: Action = async (target, step) => [
  await burst(target, clientOf(step), `load ${step} ${Math.random().toString(36).slice(2)}`),
];

/** A prompt from a small set: most of these are answered from the cache. */
const cachedBurst: Action = async (target, step) => [
  {
    ...(await burst(target, clientOf(step), CACHED_PROMPTS[step % CACHED_PROMPTS.length]!)),
    action: 'cached-burst',
  },
];

const report: Action = async (target, step) => [
  await send('report', `${target.url}/api/v1/reports/comprehensive`, { as: await target.as(clientOf(step)) }),
];

const budget: Action = async (target, step) => [
  await send('budget', `${target.url}/api/v1/budget`, { as: await target.as(clientOf(step)) }),
];

const score: Action = async (target, step) => [
  await send('score', `${target.url}/api/v1/cup/scores`, {
    as: await target.as(clientOf(step)),
    body: { player: `load-player-${step % 20}`, score: Math.floor(Math.random() * 10_000) },
  }),
];

/** A new feature, voted for by a client that has not voted for it yet (a second vote would be a 409). */
const vote: Action = async (target, step) => {
  const as = await target.as(clientOf(step));
  const created = await fetch(`${target.url}/api/v1/product/features`, {
    method: 'POST',
    headers: { ...as, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `load feature ${step}` }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (!created?.ok) return [{ action: 'feature', status: created?.status ?? 0 }];
  const { id } = (await created.json()) as { id: string };
  return [
    { action: 'feature', status: created.status },
    await send('vote', `${target.url}/api/v1/product/features/${id}/vote`, { as, body: {} }),
  ];
};

/** One client sends more bursts at once than its bucket holds: the rate limiter refuses the rest. */
export function flood(size: number): Action {
  return async (target, step) => {
    const client = `load-flooder-${step}`;
    const answers = await Promise.all(
      Array.from({ length: size }, (_, i) => burst(target, client, `flood ${step} ${i}`)),
    );
    return answers.map((a) => ({ ...a, action: 'flood' }));
  };
}

/** The everyday mix, by weight. */
export const MIX: ReadonlyArray<[Action, number]> = [
  [freshBurst, 3],
  [cachedBurst, 4],
  [report, 1],
  [budget, 2],
  [score, 2],
  [vote, 1],
];
