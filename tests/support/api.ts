/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field */
import { adminHeaders } from './clients.js';
import type { Stack } from './stack.js';

/** Small HTTP helpers for the integration tests: JSON in, status, headers and JSON out. */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T = any>(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the raw text stays, and the test's assertion on it will say so
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** A burst; `headers` say whom it counts against (asClient, signedAs), else an anonymous client. */
export function burst(
  baseUrl: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return request(`${baseUrl}/api/v1/providers/burst`, { body, headers });
}

/** provider-sim's call counts, from its admin route. */
export async function providerCalls(stack: Stack): Promise<Record<string, number>> {
  const url = `${stack.url('provider-sim')}/admin/calls`;
  return (await request<{ calls: Record<string, number> }>(url, { headers: adminHeaders(stack) })).body.calls;
}

/** A prompt no other test uses, so caches and dedup never join two tests. */
export function uniquePrompt(label: string): string {
  return `${label} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
}
