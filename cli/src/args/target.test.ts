import { describe, expect, test } from 'vitest';
import { EXIT } from '../runtime/exit-codes.ts';
import { parseTarget, targetOrigin } from './target.ts';

const ID = 'AAECAwQFBgcICQoLDA0ODw';
const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('parseTarget', () => {
  test('a bare id has no origin', () => {
    expect(parseTarget(` ${ID}\n`)).toEqual({ kind: 'ok', value: { id: ID, origin: undefined } });
  });

  test('a link with or without its key names its server; the key is dropped', () => {
    const expected = { kind: 'ok', value: { id: ID, origin: 'https://push.example:8443' } };
    expect(parseTarget(`https://push.example:8443/s/${ID}#${KEY}`)).toEqual(expected);
    expect(parseTarget(`https://push.example:8443/s/${ID}`)).toEqual(expected);
  });

  test.each([
    ['short', 'or a 22-character id'],
    [`ftp://h/s/${ID}`, 'http(s)'],
    [`https://h/x/${ID}#${KEY}`, 'path must be /s/<id>'],
    [`https://h/s/${ID.slice(1)}#${KEY}`, 'id in the link'],
  ])('%s is a usage error that does not echo the input', (text, message) => {
    const result = parseTarget(text);
    expect(result).toEqual({ kind: 'fail', failure: { exit: EXIT.usage, message: expect.stringContaining(message) } });
    if (result.kind === 'fail') expect(result.failure.message).not.toContain(KEY);
  });
});

describe('targetOrigin', () => {
  const env = { ZKPUSH_SERVER: 'https://env.example' };
  test('the link origin unless --server; a bare id uses --server, the env or the default', () => {
    expect(targetOrigin({ id: ID, origin: 'https://a.example' }, undefined, env)).toEqual({
      kind: 'ok',
      value: 'https://a.example',
    });
    expect(targetOrigin({ id: ID, origin: 'https://a.example' }, 'https://b.example', env)).toEqual({
      kind: 'ok',
      value: 'https://b.example',
    });
    expect(targetOrigin({ id: ID, origin: undefined }, undefined, env)).toEqual({
      kind: 'ok',
      value: 'https://env.example',
    });
  });
});
