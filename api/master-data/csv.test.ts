import { CsvSyntaxError, parseCsv, writeCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain records with their line numbers', () => {
    expect(parseCsv('sku,name\nA-1,Bolt\nA-2,Nut\n')).toEqual([
      { line: 1, fields: ['sku', 'name'] },
      { line: 2, fields: ['A-1', 'Bolt'] },
      { line: 3, fields: ['A-2', 'Nut'] },
    ]);
  });

  it('accepts CRLF line ends and a missing final line break', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('ignores a UTF-8 byte-order mark', () => {
    expect(parseCsv('\uFEFFsku\nX\n')[0]).toEqual({ line: 1, fields: ['sku'] });
  });

  it('reads quoted fields with embedded commas, doubled quotes and line breaks', () => {
    const text = 'sku,name,note\r\n"A,1","Bolt ""M8""","two\r\nlines"\r\nB,plain,\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['sku', 'name', 'note'] },
      { line: 2, fields: ['A,1', 'Bolt "M8"', 'two\r\nlines'] },
      // The record after a two-line field starts on line 4 of the file.
      { line: 4, fields: ['B', 'plain', ''] },
    ]);
  });

  it('keeps empty fields, an empty quoted field, and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n"",x,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', 'x', ''] },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open,b\n')).toThrow(/line 2/);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2: text after a closing quote/);
    expect(() => parseCsv('a\nx"y"\n')).toThrow(/line 2: a quote may only open a field/);
  });
});

describe('writeCsv', () => {
  it('quotes only what needs it and ends lines with CRLF', () => {
    expect(
      writeCsv([
        ['sku', 'name'],
        ['A,1', 'say "hi"'],
        ['B', 'two\nlines'],
        ['C', ''],
      ]),
    ).toBe('sku,name\r\n"A,1","say ""hi"""\r\nB,"two\nlines"\r\nC,\r\n');
  });

  it('round-trips through the parser', () => {
    const rows = [
      ['sku', 'name', 'note'],
      ['A-1', 'Bolt, zinc "M8"', 'line one\r\nline two'],
      ['', ' padded ', 'plain'],
    ];
    expect(parseCsv(writeCsv(rows)).map((record) => record.fields)).toEqual(rows);
  });
});
