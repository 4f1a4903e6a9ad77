import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Bom, Item } from '../../../db/entities';
import { ApiError } from '../../errors';
import { isoDate } from '../../input-guard';
import { auditChange, type CsvColumn, type ImportSpec } from '../../master-data';
import { MAX_INT4 } from '../../pagination';
import { BomGraph, checkLine, refusalError } from './bom-graph';
import { allBomEdges, itemsBySku, lockBomWrites, nextVersions } from './bom-queries';
import { quantityPer, scrapPercent, sku } from './bom-schemas';
import { newBom, newBomLine } from './bom-service';

/**
 * The import file's columns: one row per BOM line; the rows of one parent_sku make one new version of it. `provision`
 * (ours | customer, optional; default ours) says who supplies the component in production.
 */
const COLUMNS: ReadonlyArray<CsvColumn<never>> = [
  { name: 'parent_sku', format: () => '' },
  { name: 'effective_from', format: () => '' },
  { name: 'phantom', kind: 'boolean', format: () => '' },
  { name: 'line_no', kind: 'number', format: () => '' },
  { name: 'component_sku', format: () => '' },
  { name: 'quantity_per', kind: 'number', format: () => '' },
  { name: 'scrap_percent', kind: 'number', format: () => '' },
  { name: 'provision', parse: (cell) => cell.toLowerCase(), format: () => '' },
];

const rowSchema = z.object({
  parent_sku: sku,
  effective_from: isoDate(),
  phantom: z.boolean().optional(),
  line_no: z.number().int('must be a whole number').min(1).max(MAX_INT4),
  component_sku: sku,
  quantity_per: quantityPer,
  scrap_percent: scrapPercent.optional(),
  /** Optional column; empty or absent: ours. 'customer': the production order's customer supplies it. */
  provision: z.enum(['ours', 'customer'], { message: "must be 'ours' or 'customer'" }).optional(),
});
type Row = z.output<typeof rowSchema>;

/** What the file makes for one parent: the new version, and its first row's header fields the others must repeat. */
interface Draft {
  bom: Bom;
  phantom: boolean;
  seen: Set<string>;
}

/** The versions an import makes (or, in a dry run, would make), per parent in file order. */
export type ImportedVersions = Array<{ itemSku: string; version: number; lines: number }>;

/**
 * A fresh import spec per request (it keeps what `prepare` loaded and the versions it builds). Rows are checked in
 * file order against existing BOMs and the file's earlier rows, so a cycle within the file is refused on the row that
 * closes it; the runner rolls everything back when any row is bad.
 */
export function bomImportSpec(): ImportSpec<Row> & { versions(): ImportedVersions } {
  let items = new Map<string, Item>();
  let next = new Map<number, number>();
  let graph = new BomGraph([]);
  const drafts = new Map<string, Draft>();

  const draftFor = (em: EntityManager, parent: Item, row: Row, actor: string): Draft => {
    const known = drafts.get(parent.sku);
    if (known) {
      if (known.bom.effectiveFrom !== row.effective_from) {
        const first = known.bom.effectiveFrom;
        throw new ApiError('VALIDATION_FAILED', `differs from ${parent.sku}'s other rows (${first})`, 'effective_from');
      }
      if (row.phantom !== undefined && row.phantom !== known.phantom) {
        throw new ApiError('VALIDATION_FAILED', `differs from ${parent.sku}'s other rows`, 'phantom');
      }
      return known;
    }
    const version = next.get(parent.id) ?? 1;
    const fields = { effectiveFrom: row.effective_from, phantom: row.phantom ?? false };
    const draft = { bom: newBom(em, parent, version, fields, actor), phantom: fields.phantom, seen: new Set<string>() };
    drafts.set(parent.sku, draft);
    auditChange(em, {
      actor,
      action: 'bom.imported',
      entityType: 'bom',
      entityId: `${parent.sku}/${version}`,
      details: fields,
    });
    return draft;
  };

  return {
    label: 'BOM',
    keyColumn: ['parent_sku', 'line_no'],
    columns: COLUMNS,
    rowSchema,
    async prepare(em, rows) {
      await lockBomWrites(em);
      items = await itemsBySku(em, [...rows.map((r) => r.parent_sku), ...rows.map((r) => r.component_sku)]);
      next = await nextVersions(
        em,
        [...items.values()].map((item) => item.id),
      );
      graph = new BomGraph(await allBomEdges(em));
    },
    async upsert(em, row, actor) {
      const parent = items.get(row.parent_sku);
      if (!parent) throw new ApiError('UNKNOWN_ITEM', `No item ${row.parent_sku}`, 'parent_sku');
      const draft = draftFor(em, parent, row, actor);
      const component = items.get(row.component_sku);
      const refusal = checkLine(parent, row.component_sku, component, draft.seen, graph);
      if (refusal) throw refusalError(refusal, 'component_sku');
      newBomLine(em, draft.bom, {
        lineNo: row.line_no,
        component: component as Item,
        quantityPer: row.quantity_per,
        scrapPercent: row.scrap_percent,
        provision: row.provision,
      });
      return 'created';
    },
    versions: () =>
      [...drafts.values()].map((d) => ({ itemSku: d.bom.item.sku, version: d.bom.version, lines: d.bom.lines.length })),
  };
}
