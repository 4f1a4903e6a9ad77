import type { FastifyReply } from 'fastify';
import { csvField } from '../master-data/csv';

/** One column of a report's CSV export: its header and how a row shows in it. */
export type ReportCsvColumn<R> = readonly [header: string, format: (row: R) => string | number | null | undefined];

/** The rows as CSV text (CRLF line ends, the header first), the way every list export writes them. */
export function reportCsv<R>(columns: ReadonlyArray<ReportCsvColumn<R>>, rows: readonly R[]): string {
  const lines = [columns.map(([header]) => csvField(header))];
  for (const row of rows) lines.push(columns.map(([, format]) => csvField(String(format(row) ?? ''))));
  return lines.map((line) => `${line.join(',')}\r\n`).join('');
}

/** Sends a report's rows as a CSV attachment named `fileName`. */
export function sendReportCsv<R>(
  reply: FastifyReply,
  fileName: string,
  columns: ReadonlyArray<ReportCsvColumn<R>>,
  rows: readonly R[],
): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(reportCsv(columns, rows));
}
