export interface BurstAnswer {
  status: number;
  ms: number;
  body: { id?: string; cached?: boolean; totalCostUsd?: number };
}

/** One burst through the gateway as the client whose API key is `key`, timed end to end (the body read included). */
export async function burst(
  webUrl: string,
  prompt: string,
  key: string,
  providers: readonly string[],
): Promise<BurstAnswer> {
  const startedAt = performance.now();
  const res = await fetch(`${webUrl}/api/v1/providers/burst`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ prompt, providers }),
  });
  const text = await res.text();
  const ms = performance.now() - startedAt;
  let body: BurstAnswer['body'] = {};
  try {
    body = JSON.parse(text) as BurstAnswer['body'];
  } catch {
    // not JSON: the status tells what went wrong
  }
  return { status: res.status, ms, body };
}
