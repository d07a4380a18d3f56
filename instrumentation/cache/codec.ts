import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The stored form of a cache value: a two-byte header (magic, format tag) then the JSON, raw or
 * compressed. The header lets a reader tell a value it can decode from a corrupt or foreign one, and
 * lets the compression setting change without invalidating what is already stored.
 */
export const STORED_MAGIC = 0xca;
export const STORED_TAG = {
  json: 0x6a, // 'j'
  gzip: 0x67, // 'g'
  brotli: 0x62, // 'b'
  deflate: 0x64, // 'd'
} as const;
const HEADER_BYTES = 2;

export type CompressionAlgorithm = 'gzip' | 'brotli' | 'deflate';

export interface CodecOptions {
  compression: boolean;
  algorithm: CompressionAlgorithm;
  thresholdBytes: number;
  /** Upper bound on decoded JSON bytes, so a hostile or corrupt value cannot exhaust memory. */
  maxDecodedBytes: number;
}

export interface Encoded {
  json: string;
  rawBytes: number;
  stored: Buffer;
}

export type Decoded = { ok: true; json: string; value: unknown } | { ok: false; error: Error };

class CacheDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheDecodeError';
  }
}

// Fatal, so bytes that are not UTF-8 are a decode failure rather than silently replaced characters.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const deflate = promisify(zlib.deflate);
const inflate = promisify(zlib.inflate);
const brotliCompress = promisify(zlib.brotliCompress);
const brotliDecompress = promisify(zlib.brotliDecompress);

// Brotli's default quality (11) spends many times the CPU of quality 5 for a few percent smaller output,
// and cache writes sit on the request path.
const BROTLI_PARAMS = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 };

function compress(algorithm: CompressionAlgorithm, input: Buffer): Promise<Buffer> {
  switch (algorithm) {
    case 'gzip':
      return gzip(input);
    case 'deflate':
      return deflate(input);
    case 'brotli':
      return brotliCompress(input, { params: BROTLI_PARAMS });
  }
}

function decompress(tag: number, input: Buffer, maxOutputLength: number): Promise<Buffer> | undefined {
  switch (tag) {
    case STORED_TAG.gzip:
      return gunzip(input, { maxOutputLength });
    case STORED_TAG.deflate:
      return inflate(input, { maxOutputLength });
    case STORED_TAG.brotli:
      return brotliDecompress(input, { maxOutputLength });
    default:
      return undefined;
  }
}

/** Throws TypeError for a value JSON cannot represent: that is the caller's bug, not a cache failure. */
export function toJson(value: unknown): string {
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') throw new TypeError('cache values must be JSON-serialisable');
  return json;
}

export async function encodeValue(json: string, options: CodecOptions): Promise<Encoded> {
  const body = Buffer.from(json, 'utf8');
  const rawBytes = body.length;
  if (options.compression && rawBytes > options.thresholdBytes) {
    const packed = await compress(options.algorithm, body);
    // Already-dense values can grow when compressed; storing them raw is then cheaper to read too.
    if (packed.length < rawBytes) {
      const stored = Buffer.concat([Buffer.from([STORED_MAGIC, STORED_TAG[options.algorithm]]), packed]);
      return { json, rawBytes, stored };
    }
  }
  return { json, rawBytes, stored: Buffer.concat([Buffer.from([STORED_MAGIC, STORED_TAG.json]), body]) };
}

/** Never throws: anything undecodable comes back as `{ ok: false }` so the caller can treat it as a miss. */
export async function decodeValue(stored: Buffer, options: CodecOptions): Promise<Decoded> {
  try {
    if (stored.length < HEADER_BYTES || stored[0] !== STORED_MAGIC) {
      return { ok: false, error: new CacheDecodeError('stored value has no cache header') };
    }
    const tag = stored[1] ?? -1;
    const payload = stored.subarray(HEADER_BYTES);
    let body: Buffer;
    if (tag === STORED_TAG.json) {
      if (payload.length > options.maxDecodedBytes) {
        return { ok: false, error: new CacheDecodeError('stored value exceeds the decoded size bound') };
      }
      body = payload;
    } else {
      const pending = decompress(tag, payload, options.maxDecodedBytes);
      if (!pending) return { ok: false, error: new CacheDecodeError(`unknown stored format tag ${tag}`) };
      body = await pending;
    }
    const json = UTF8.decode(body);
    return { ok: true, json, value: JSON.parse(json) as unknown };
  } catch (error) {
    return { ok: false, error: new CacheDecodeError('stored value could not be decoded', { cause: error }) };
  }
}
