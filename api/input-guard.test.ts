import Fastify from 'fastify';
import { installErrorHandler } from './error-handler';
import { installInputGuard, isoDate, nulProblems } from './input-guard';
import { NO_NUL_PATTERN, withoutNul } from './openapi/document-transform';
import { codesByStatus } from './openapi/route-docs';

describe('nulProblems', () => {
  test('names every string and key holding a NUL, by its field path', () => {
    const problems = nulProblems({
      customerCode: 'C\u00001',
      lines: [{ itemSku: 'ok' }, { itemSku: '\u0000' }],
      facts: { 'a\u0000': 1 },
    });
    expect(problems.map((p) => p.path)).toEqual(['customerCode', 'lines[1].itemSku', 'facts.a\u0000']);
  });

  test('finds nothing in clean input, numbers or nulls', () => {
    expect(nulProblems({ a: 'text', b: [1, null, true], c: { d: 'e' } })).toEqual([]);
  });
});

describe('isoDate', () => {
  test('accepts real dates in years 1 to 9999 only', () => {
    expect(isoDate().safeParse('2028-02-29').success).toBe(true);
    expect(isoDate().safeParse('2026-02-30').success).toBe(false);
    expect(isoDate().safeParse('0000-01-01').success).toBe(false);
  });
});

describe('the document says what the guard enforces', () => {
  test('free-text strings and map keys are marked NUL-free; patterned, formatted and enum strings are left alone', () => {
    const marked = withoutNul({
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 40 },
        date: { type: 'string', format: 'date' },
        code: { type: 'string', pattern: '^\\d{4}$' },
        kind: { type: 'string', enum: ['a', 'b'] },
        facts: { type: 'object', additionalProperties: {} },
      },
    }) as { properties: Record<string, Record<string, unknown>> };
    expect(marked.properties.name?.pattern).toBe(NO_NUL_PATTERN);
    expect(marked.properties.date?.pattern).toBeUndefined();
    expect(marked.properties.code?.pattern).toBe('^\\d{4}$');
    expect(marked.properties.kind?.pattern).toBeUndefined();
    expect(marked.properties.facts?.propertyNames).toEqual({ pattern: NO_NUL_PATTERN });
  });
});

describe('codesByStatus', () => {
  test('places each code under its status from the one mapping, API, books and rules codes alike', () => {
    expect(
      Object.fromEntries(
        codesByStatus(['NOT_FOUND', 'UNKNOWN_ITEM', 'PERIOD_CLOSED', 'RULE_FOUR_EYES', 'VALIDATION_FAILED']),
      ),
    ).toEqual({
      400: ['UNKNOWN_ITEM', 'VALIDATION_FAILED'],
      403: ['RULE_FOUR_EYES'],
      404: ['NOT_FOUND'],
      409: ['PERIOD_CLOSED'],
    });
  });
});

describe('installInputGuard', () => {
  // npm run fuzz found it: a CSV import whose text held a NUL was refused with `details: [{ path: '' }]` and no
  // `field`, naming nothing for its caller to fix.
  test('a NUL in a text body (a CSV import) is refused naming `body`; one in a JSON field names that field', async () => {
    const app = Fastify({ logger: false });
    installErrorHandler(app);
    installInputGuard(app);
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.post('/import', async () => ({ ok: true }));
    await app.ready();
    try {
      const csv = await app.inject({
        method: 'POST',
        url: '/import',
        headers: { 'content-type': 'text/csv' },
        payload: 'sku,name\nA1,Bolt\u0000',
      });
      const refused = csv.json<{ error: { code: string; field?: string; details: Array<{ path: string }> } }>();
      expect([csv.statusCode, refused.error.code, refused.error.field, refused.error.details[0]?.path]).toEqual([
        400,
        'VALIDATION_FAILED',
        'body',
        'body',
      ]);
      const json = await app.inject({ method: 'POST', url: '/import', payload: { lines: [{ name: 'a\u0000' }] } });
      expect([json.statusCode, json.json<{ error: { field?: string } }>().error.field]).toEqual([400, 'lines[0].name']);
    } finally {
      await app.close();
    }
  });
});
