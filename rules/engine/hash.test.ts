import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, contentHash, sha256Hex } from './index';

describe('sha256Hex', () => {
  test.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('FIPS 180-2 test vector %j', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  test('agrees with node:crypto on any text, across block boundaries and beyond ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical JSON and content hashes', () => {
  test('key order and formatting do not matter; arrays keep their order', () => {
    const a = { rules: [{ name: 'x', priority: 1 }], defaultPolicy: { method: 'fifo' } };
    const b = JSON.parse('{ "defaultPolicy": {"method":"fifo"}, "rules": [ {"priority": 1, "name": "x"} ] }');
    expect(canonicalJson(a)).toBe('{"defaultPolicy":{"method":"fifo"},"rules":[{"name":"x","priority":1}]}');
    expect(contentHash(b)).toBe(contentHash(a));
    expect(contentHash({ list: [1, 2] })).not.toBe(contentHash({ list: [2, 1] }));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('undefined members are dropped like JSON; what JSON cannot carry is refused', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: [undefined] })).toThrow(/\$\.a\[0\]/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});
