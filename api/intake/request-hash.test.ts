import { canonicalJson, requestHash } from './request-hash';

describe('canonical request hashing', () => {
  test('key order does not matter, at any depth', () => {
    const a = { customerCode: 'C-1', lines: [{ itemSku: 'A', quantity: 2 }], requestedDate: '2026-12-24' };
    const b = { requestedDate: '2026-12-24', lines: [{ quantity: 2, itemSku: 'A' }], customerCode: 'C-1' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash({ body: a })).toBe(requestHash({ body: b }));
  });

  test('a different value, line order or parameter is a different request', () => {
    const body = {
      lines: [
        { itemSku: 'A', quantity: 2 },
        { itemSku: 'B', quantity: 1 },
      ],
    };
    const base = requestHash({ params: { orderNumber: 'SO-1' }, body });
    expect(requestHash({ params: { orderNumber: 'SO-1' }, body: { lines: [...body.lines].reverse() } })).not.toBe(base);
    expect(requestHash({ params: { orderNumber: 'SO-2' }, body })).not.toBe(base);
    expect(requestHash({ params: { orderNumber: 'SO-1' }, body: { lines: [{ itemSku: 'A', quantity: 3 }] } })).not.toBe(
      base,
    );
    expect(requestHash({ params: { orderNumber: 'SO-1' }, body })).toBe(base);
  });

  test('absent and undefined properties are the same; null is not', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: 1, b: null })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  test('a number and its string are different requests; the hash is 64 hex digits', () => {
    expect(requestHash({ body: { quantity: 1 } })).not.toBe(requestHash({ body: { quantity: '1' } }));
    expect(requestHash({ body: {} })).toMatch(/^[0-9a-f]{64}$/);
  });
});
