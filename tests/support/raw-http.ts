/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse<T = any> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
}

/**
 * One request through node:http, which sends the method and path exactly as given: fetch refuses TRACE
 * and resolves `..` and `%2e%2e` before anything is sent, so it cannot test how a server treats them.
 */
export function rawRequest<T = any>(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** The client's own address, e.g. another loopback address a test can tell from the servers'. */
    localAddress?: string;
  },
): Promise<RawResponse<T>> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: the raw text stays, and the test's assertion on it will say so
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
