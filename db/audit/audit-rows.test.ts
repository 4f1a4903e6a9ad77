import fc from 'fast-check';
import { asJsonb } from '../../test/support/jsonb-text';
import { contentHashOfJoined, detailsSeparator, isoMicros, splitContentText } from './audit-rows';
import { contentHash, type AuditRowContent } from './canonical';

/** A row's columns as the chain reads them, but `at` as PostgreSQL's text (AUDIT_CONTENT_JOINED's form). */
type RowText = AuditRowContent;

function joined(r: RowText): string {
  const workflow = r.workflowId === null ? '' : `=${r.workflowId}`;
  return [String(r.id), r.at, r.actor, r.action, r.entityType, r.entityId, workflow, asJsonb(r.details)].join('\x1f');
}

function content(r: RowText): AuditRowContent {
  return { ...r, at: isoMicros(r.at) };
}

/** The hash the verifier takes from a joined text, or null when it reads the row's columns instead. */
function hashOfJoined(text: string): string | null {
  const at = detailsSeparator(text);
  return at < 0 ? null : contentHashOfJoined(text, at);
}

const base: RowText = {
  id: 42,
  at: '2026-12-03 08:15:00.1234',
  actor: 'clerk',
  action: 'task.completed',
  entityType: 'human_task',
  entityId: 'T-1',
  workflowId: 'wf-1',
  details: { quantity: 1.5, lines: [1, 2], reason: 'picked', n: 7 },
};

describe('the content hash from a row read as one text', () => {
  test('is the content hash of its columns, on the quick path and on every way off it', () => {
    const rows: RowText[] = [
      base,
      { ...base, workflowId: null, details: null },
      { ...base, workflowId: '' },
      { ...base, at: '2026-12-03 08:15:00' },
      // Off the quick path: texts JSON.stringify escapes, a lone surrogate, an id JavaScript cannot write back.
      { ...base, actor: 'Zoë "quoted" \\ \u2028' },
      { ...base, entityId: 'line\nbreak', action: '\u0000' },
      { ...base, entityType: '\ud83d', details: { '\u00e9': 'é', a: '😀' } },
      { ...base, id: 1234567890123456 },
      { ...base, details: { 'k"ey': 1, z: { b: [], a: {} } } },
    ];
    for (const row of rows)
      expect([row.actor, hashOfJoined(joined(row))]).toEqual([row.actor, contentHash(content(row))]);
  });

  test('a column holding the separator is not taken from the text (the verifier reads that row by its columns)', () => {
    for (const row of [
      { ...base, actor: 'a\x1fb' },
      { ...base, workflowId: 'x\x1f' },
      { ...base, entityId: '\x1f' },
    ]) {
      expect(detailsSeparator(joined(row))).toBe(-1);
      expect(splitContentText(joined(row))).toBeNull();
    }
  });

  // Printable ASCII, quotes and backslashes among it (mostly the quick path), and any code unit (surrogates, controls).
  test.each([
    ['printable ASCII', fc.string({ maxLength: 12 })],
    ['any code unit', fc.string({ unit: 'binary', maxLength: 12 })],
  ])('any row of %s: the text gives its content hash, or is left to its columns', (_, text) => {
    const rows = fc.record({
      id: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      at: fc.constantFrom('2026-01-01 00:00:17', '2026-01-01 00:00:17.5', '2026-12-31 23:59:59.999999'),
      actor: text,
      action: text,
      entityType: text,
      entityId: text,
      workflowId: fc.option(text),
      details: fc.jsonValue(),
    });
    fc.assert(
      fc.property(rows, (row) => {
        const columnsHoldSeparator = [row.actor, row.action, row.entityType, row.entityId, row.workflowId ?? ''].some(
          (column) => column.includes('\x1f'),
        );
        const hash = hashOfJoined(joined(row));
        if (columnsHoldSeparator) expect(hash).toBeNull();
        else expect(hash).toBe(contentHash(content(row)));
      }),
      { numRuns: 2_000 },
    );
  });
});
