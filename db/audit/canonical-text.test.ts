import fc from 'fast-check';
import { canonicalJson } from './canonical';
import { asJsonb } from '../../test/support/jsonb-text';
import { canonicalFromJsonText } from './canonical-text';

/** What the verifier hashes otherwise: the parsed value's canonical JSON. */
const parsedCanonical = (text: string) => canonicalJson(JSON.parse(text));

describe('canonical JSON from a JSON text', () => {
  test('reorders keys at every depth, drops whitespace and writes numbers as JavaScript does', () => {
    const text = '{"n": 3.0, "z": [1E2, -0, 1e21, 0.10], "lines": [{"b": true, "a": null}], "": "x"}';
    expect(canonicalFromJsonText(text)).toBe(parsedCanonical(text));
    expect(canonicalFromJsonText(text)).toBe('{"":"x","lines":[{"a":null,"b":true}],"n":3,"z":[100,0,1e+21,0.1]}');
  });

  test('keys sort by code units, not by length first as jsonb stores them, and a prefix comes first', () => {
    const text = '{"b": 1, "ab": 2, "ab ": 3, "ab!": 4, "\u00e9": 5, "\ud83d\ude00": 6, "\uffff": 7}';
    expect(canonicalFromJsonText(text)).toBe(parsedCanonical(text));
  });

  test('strings keep the escapes JSON.stringify writes; anything else is left to JSON.parse (null)', () => {
    const own = '{"s": "tab\\t nl\\n cr\\r ff\\f bs\\b q\\" back\\\\ unit\\u001f nul\\u0001 \u20ac"}';
    expect(canonicalFromJsonText(own)).toBe(parsedCanonical(own));
    for (const other of ['{"s": "\\u0041"}', '{"s": "\\/"}', '{"s": "\\u0009"}', '{"s": "\\u001F"}']) {
      expect(canonicalFromJsonText(other)).toBeNull();
    }
  });

  test('a key with an escape, a repeated key or text that is not JSON is left to JSON.parse (null)', () => {
    for (const text of [
      '{"a\\nb": 1}',
      '{"a": 1, "a": 2}',
      '{"a": 1',
      '{"a" 1}',
      '[1,]',
      '01',
      '1.',
      '"x',
      'tru',
      '{} x',
    ]) {
      expect(canonicalFromJsonText(text)).toBeNull();
    }
  });

  test('any JSON value, written as jsonb or as JSON.stringify writes it, gives what parsing it gives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const text of [asJsonb(value), JSON.stringify(value)]) {
          const fast = canonicalFromJsonText(text);
          if (fast !== null) expect(fast).toBe(parsedCanonical(text));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  test('audit-shaped details (plain keys, numbers, texts, lists) never fall back', () => {
    const details = fc.dictionary(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(fc.integer()), fc.boolean()),
    );
    fc.assert(
      fc.property(details, (value) => {
        const text = asJsonb(value);
        const hasEscapedKey = Object.keys(value).some((k) => JSON.stringify(k) !== `"${k}"`);
        const fast = canonicalFromJsonText(text);
        if (!hasEscapedKey) expect(fast).toBe(parsedCanonical(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
