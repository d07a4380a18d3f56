import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientIdOf } from '../../instrumentation/identity/client-id.js';

describe('client id: the one-way id a client identity is stored and compared under', () => {
  it('when an identity is hashed, then the id is the first 16 hex characters of its SHA-256', () => {
    expect(clientIdOf('client:demo')).toBe(
      createHash('sha256').update('client:demo').digest('hex').slice(0, 16),
    );
  });

  it('when the same identity is hashed twice, then the id is the same; another identity gives another id', () => {
    expect(clientIdOf('client:a')).toBe(clientIdOf('client:a'));
    expect(clientIdOf('client:a')).not.toBe(clientIdOf('client:b'));
  });

  it('when an identity is hashed, then the id does not contain it', () => {
    expect(clientIdOf('ip:192.0.2.7')).not.toContain('192.0.2.7');
  });
});
