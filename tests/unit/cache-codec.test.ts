import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeValue,
  encodeValue,
  STORED_MAGIC,
  STORED_TAG,
  toJson,
  type CodecOptions,
} from '../../instrumentation/cache/codec.js';

const options: CodecOptions = {
  compression: true,
  algorithm: 'brotli',
  thresholdBytes: 1024,
  maxDecodedBytes: 64 * 1024,
};
const large = { report: 'quarterly figures '.repeat(400), rows: Array.from({ length: 50 }, (_, i) => i) };

function framed(tag: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([STORED_MAGIC, tag]), payload]);
}

describe('cache codec', () => {
  it.each(['gzip', 'brotli', 'deflate'] as const)(
    'when a value above the threshold is encoded with %s, then it is smaller, tagged, and decodes to the same value',
    async (algorithm) => {
      const json = toJson(large);

      const encoded = await encodeValue(json, { ...options, algorithm });
      const decoded = await decodeValue(encoded.stored, options);

      expect(encoded.rawBytes).toBe(Buffer.byteLength(json));
      expect(encoded.stored.length).toBeLessThan(encoded.rawBytes);
      expect([...encoded.stored.subarray(0, 2)]).toEqual([STORED_MAGIC, STORED_TAG[algorithm]]);
      expect(decoded).toEqual({ ok: true, json, value: large });
    },
  );

  it('when a value is at or below the threshold, then it is stored as tagged raw JSON', async () => {
    const json = toJson({ small: true });

    const encoded = await encodeValue(json, options);

    expect(encoded.stored[1]).toBe(STORED_TAG.json);
    expect(encoded.stored.subarray(2).toString()).toBe(json);
  });

  it('when compression is off, then even a large value is stored as raw JSON', async () => {
    const encoded = await encodeValue(toJson(large), { ...options, compression: false });

    expect(encoded.stored[1]).toBe(STORED_TAG.json);
    expect(encoded.stored.length).toBe(encoded.rawBytes + 2);
  });

  it('when compressing would not shrink a value, then it is stored raw', async () => {
    const json = toJson('abcdefghijklmnopqrstuvwxyz0123456789');

    const encoded = await encodeValue(json, { ...options, algorithm: 'gzip', thresholdBytes: 16 });

    expect(encoded.stored[1]).toBe(STORED_TAG.json);
    expect(encoded.stored.length).toBe(encoded.rawBytes + 2);
  });

  it.each([
    ['no header', Buffer.from('{"a":1}')],
    ['an empty value', Buffer.alloc(0)],
    ['an unknown tag', framed(0x7a, Buffer.from('{}'))],
    ['invalid JSON', framed(STORED_TAG.json, Buffer.from('{"a":'))],
    ['bytes that are not UTF-8', framed(STORED_TAG.json, Buffer.from([0x22, 0xff, 0xfe, 0x22]))],
    [
      'a truncated gzip stream',
      framed(STORED_TAG.gzip, gzipSync(Buffer.from(toJson(large))).subarray(0, 40)),
    ],
    ['garbage behind the brotli tag', framed(STORED_TAG.brotli, Buffer.from([1, 2, 3, 4, 5]))],
  ])('when the stored value has %s, then decoding fails without throwing', async (_what, stored) => {
    const decoded = await decodeValue(stored, options);

    expect(decoded.ok).toBe(false);
  });

  it('when a compressed value would decompress beyond the bound, then decoding fails without inflating it', async () => {
    const bomb = framed(STORED_TAG.gzip, gzipSync(Buffer.from(`"${'a'.repeat(4 * 1024 * 1024)}"`)));
    expect(bomb.length).toBeLessThan(16 * 1024);

    const decoded = await decodeValue(bomb, options);

    expect(decoded.ok).toBe(false);
  });

  it('when raw JSON is larger than the bound, then decoding fails', async () => {
    const stored = framed(STORED_TAG.json, Buffer.from(`"${'a'.repeat(options.maxDecodedBytes)}"`));

    expect((await decodeValue(stored, options)).ok).toBe(false);
  });

  it('when a value JSON cannot represent is given, then toJson throws a TypeError', () => {
    expect(() => toJson(undefined)).toThrow(TypeError);
    expect(() => toJson(() => 1)).toThrow(TypeError);
    expect(() => toJson({ n: 1n })).toThrow(TypeError);
  });
});
