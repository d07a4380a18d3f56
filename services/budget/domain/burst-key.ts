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
