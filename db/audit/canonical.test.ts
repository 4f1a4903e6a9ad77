import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainHash,
  contentHash,
  contentText,
  GENESIS_CHAIN_HASH,
  type AuditRowContent,
} from './canonical';
import { isoMicros } from './audit-rows';
import { checkpointsToCsv, parseCheckpoints } from './checkpoints';

const row: AuditRowContent = {
  id: 7,
  at: '2026-12-03T08:15:00.123456Z',
  actor: 'clerk',
  action: 'task.complete',
  entityType: 'sales_order',
  entityId: 'SO-1001',
  workflowId: 'order-SO-1001',
  details: { lines: [{ qty: 2, sku: 'A' }], note: 'ok' },
};

describe('canonical audit content', () => {
  test('sorts keys at every depth, keeps array order, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  test('objects whose keys join to the same text (commas in keys) each keep their own keys, again and again', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(canonicalJson({ 'a,b': 1, c: 2 })).toBe('{"a,b":1,"c":2}');
      expect(canonicalJson({ a: 1, 'b,c': 2 })).toBe('{"a":1,"b,c":2}');
      expect(canonicalJson({ c: 2, 'a,b': 1 })).toBe('{"a,b":1,"c":2}');
      expect(canonicalJson({ z: undefined, a: 1 })).toBe('{"a":1}');
    }
  });

  test('the same content in another key order hashes the same; any changed column does not', () => {
    const reordered = { ...row, details: { note: 'ok', lines: [{ sku: 'A', qty: 2 }] } };
    expect(contentHash(reordered)).toBe(contentHash(row));
    const changes: Array<Partial<AuditRowContent>> = [
      { id: 8 },
      { at: '2026-12-03T08:15:00.123457Z' },
      { actor: 'admin' },
      { action: 'task.cancel' },
      { entityType: 'purchase_order' },
      { entityId: 'SO-1002' },
      { workflowId: null },
      { details: { lines: [{ qty: 3, sku: 'A' }], note: 'ok' } },
    ];
    for (const change of changes) expect(contentHash({ ...row, ...change })).not.toBe(contentHash(row));
  });

  test('is sha256 of the canonical JSON, and a link is sha256 of the previous chain hash followed by it', () => {
    const expected = createHash('sha256')
      .update(canonicalJson({ ...row }))
      .digest('hex');
    expect(contentHash(row)).toBe(expected);
    const link = createHash('sha256').update(`${GENESIS_CHAIN_HASH}${expected}`).digest('hex');
    expect(chainHash(GENESIS_CHAIN_HASH, expected)).toBe(link);
    expect(chainHash(link, expected)).not.toBe(link);
  });

  test('refuses values JSON cannot hold instead of hashing them silently', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('NaN');
  });
});

describe('checkpoint files', () => {
  const checkpoints = [
    { day: '2026-12-02', seq: 10, chainHash: 'a'.repeat(64) },
    { day: '2026-12-03', seq: 25, chainHash: 'b'.repeat(64) },
  ];

  test('CSV and JSON exports read back to the same checkpoints', () => {
    expect(parseCheckpoints(checkpointsToCsv(checkpoints))).toEqual(checkpoints);
    expect(parseCheckpoints(JSON.stringify(checkpoints))).toEqual(checkpoints);
  });

  test('a bad entry is named by its line or position', () => {
    expect(() => parseCheckpoints('day,seq,chain_hash\n2026-12-02,10,xyz\n')).toThrow('line 2: the chain hash');
    expect(() => parseCheckpoints(JSON.stringify([{ day: '2026-12-02', seq: 0, chainHash: 'a'.repeat(64) }]))).toThrow(
      'checkpoint 1: the position',
    );
    expect(() => parseCheckpoints('seq,hash\n')).toThrow('does not start with');
  });
});

describe('the timestamp text the chain hashes', () => {
  test("PostgreSQL's ISO text becomes six fraction digits, T and Z", () => {
    expect(isoMicros('2026-12-03 08:15:00')).toBe('2026-12-03T08:15:00.000000Z');
    expect(isoMicros('2026-12-03 08:15:00.5')).toBe('2026-12-03T08:15:00.500000Z');
    expect(isoMicros('2026-12-03 08:15:00.123456')).toBe('2026-12-03T08:15:00.123456Z');
  });

  test('refuses any other shape rather than hash a wrong text', () => {
    expect(() => isoMicros('12/03/2026 08:15:00')).toThrow(/DateStyle/);
    expect(() => isoMicros('2026-12-03T08:15:00')).toThrow(/ISO/);
  });
});

describe("a row's content text", () => {
  test('is the canonical JSON of its columns, whatever they hold', () => {
    const rows: AuditRowContent[] = [
      row,
      { ...row, workflowId: null, details: null },
      { ...row, actor: 'Zoë "quoted" \\ \u2028', details: { z: [{ b: 1, a: 2 }], A: 'x', é: 1.5, '': 0 } },
      { ...row, id: 2147483647, details: [3, 'two', { y: null, x: true }] },
      { ...row, entityId: '', action: '', details: 'plain text' },
    ];
    for (const r of rows) {
      const { id, at, actor, action, entityType, entityId, workflowId, details } = r;
      const expected = canonicalJson({ id, at, actor, action, entityType, entityId, workflowId, details });
      expect(contentText(r)).toBe(expected);
      expect(contentHash(r)).toBe(createHash('sha256').update(expected, 'utf8').digest('hex'));
    }
  });
});

describe('strings in canonical JSON', () => {
  test('are quoted and escaped exactly as JSON.stringify does, as keys and as values', () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    const others = [
      'é',
      'Zoë',
      '中文',
      '😀',
      '\ud83d',
      '\ude00',
      'a\ud83db',
      '\u2028\u2029',
      '\u007f',
      'plain text',
      '',
    ];
    for (const text of [...ascii, ...others, ascii.join(''), others.join('|')]) {
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
      expect(canonicalJson({ [text]: text })).toBe(`{${JSON.stringify(text)}:${JSON.stringify(text)}}`);
    }
  });
});
