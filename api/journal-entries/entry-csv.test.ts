import { readEntriesCsv } from './entry-csv';
import { entryProblems, toCents, type AccountFacts } from './entry-rules';

const HEADER = 'entryRef,date,account,debit,credit,memo';

describe('reading a journal-entry import file', () => {
  test('groups rows by entryRef into entries with cents and memos', () => {
    const text = `${HEADER}\nPAY-03,2026-11-30,6200,1234.56,,payroll\nPAY-03,2026-11-30,2400,,1234.56,\nEN-1,2026-11-15,6000,10,,"energy, Nov"\nEN-1,2026-11-15,2400,,10,`;
    const { entries, problems } = readEntriesCsv(text);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        ref: 'PAY-03',
        date: '2026-11-30',
        rows: [2, 3],
        lines: [
          { account: '6200', debitCents: 123456, creditCents: 0, memo: 'payroll' },
          { account: '2400', debitCents: 0, creditCents: 123456 },
        ],
      },
      {
        ref: 'EN-1',
        date: '2026-11-15',
        rows: [4, 5],
        lines: [
          { account: '6000', debitCents: 1000, creditCents: 0, memo: 'energy, Nov' },
          { account: '2400', debitCents: 0, creditCents: 1000 },
        ],
      },
    ]);
  });

  test('names every bad row and column', () => {
    const text = `${HEADER}\nA,2026-02-30,6000,1.234,,\nA,2026-11-01,2400,,abc,\n,2026-11-01,,5,,`;
    const { problems } = readEntriesCsv(text);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'date'],
      [2, 'debit'],
      [3, 'credit'],
      [4, 'entryRef'],
      [4, 'account'],
    ]);
    expect(problems[0]?.message).toContain('2026-02-30');
  });

  test('rows of one entry must share a date; a missing column is named on the header', () => {
    const mixed = readEntriesCsv(`${HEADER}\nA,2026-11-01,6000,5,,\nA,2026-11-02,2400,,5,`);
    expect(mixed.problems).toEqual([{ line: 3, column: 'date', message: expect.stringContaining('line 2') }]);
    const missing = readEntriesCsv('entryRef,date,account,debit\nA,2026-11-01,6000,5');
    expect(missing.problems).toEqual([{ line: 1, column: 'credit', message: 'the header lacks credit' }]);
    expect(readEntriesCsv(HEADER).problems).toEqual([{ line: 1, column: 'row', message: 'the file has no rows' }]);
  });
});

describe('checking a manual entry against the chart', () => {
  const chart = new Map<string, AccountFacts>([
    ['6000', { code: '6000', subledgerControlled: false, active: true }],
    ['2400', { code: '2400', subledgerControlled: false, active: true }],
    ['1300', { code: '1300', subledgerControlled: true, active: true }],
    ['6050', { code: '6050', subledgerControlled: false, active: false }],
  ]);

  test('a balanced entry on postable accounts has no problems', () => {
    const lines = [
      { account: '6000', debitCents: 500, creditCents: 0 },
      { account: '2400', debitCents: 0, creditCents: 500 },
    ];
    expect(entryProblems(lines, chart)).toEqual([]);
  });

  test('refuses unknown, controlled and deactivated accounts, one-sided lines, imbalance and no lines', () => {
    const problems = entryProblems(
      [
        { account: '9999', debitCents: 500, creditCents: 0 },
        { account: '1300', debitCents: 0, creditCents: 400 },
        { account: '6050', debitCents: 5, creditCents: 5 },
      ],
      chart,
    );
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['UNKNOWN_ACCOUNT', 0, 'account'],
      ['ACCOUNT_NOT_POSTABLE', 1, 'account'],
      ['VALIDATION_FAILED', 2, 'debit'],
      ['ACCOUNT_NOT_POSTABLE', 2, 'account'],
      ['UNBALANCED_ENTRY', undefined, 'lines'],
    ]);
    expect(problems[4]?.message).toBe('The entry does not balance: debits 5.05 vs credits 4.05');
    expect(entryProblems([], chart)).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'lines' })]);
  });

  test('cents refuse a third decimal', () => {
    expect(toCents(12.34)).toBe(1234);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1.005)).toBeNull();
  });
});
