import { createHash } from 'node:crypto';

export interface BurstRequest {
  prompt: string;
  providers: string[];
  maxTokens: number;
}

/** The cache and dedup key: the same prompt, provider set and limit are the same burst. */
export function burstKey(request: BurstRequest): string {
  const providers = [...request.providers].sort().join(',');
  return createHash('sha256').update(`${providers}\n${request.maxTokens}\n${request.prompt}`).digest('hex');
}

/** A short, one-way id for spans and logs: never the raw client identity or prompt. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
