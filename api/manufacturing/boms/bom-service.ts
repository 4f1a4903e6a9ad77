import type { EntityManager } from '@mikro-orm/postgresql';
import { Bom, BomLine, type BomLineProvision, type Item } from '../../../db/entities';
import { ApiError } from '../../errors';
import { auditChange } from '../../master-data';
import { BomGraph, checkLine, refusalError } from './bom-graph';
import { allBomEdges, itemsBySku, lockBomWrites, nextVersions } from './bom-queries';
import type { BomCreateBody, BomRecord } from './bom-schemas';

/** The wire record of a version (lines and their components loaded). */
export function toBomRecord(bom: Bom): BomRecord {
  return {
    itemSku: bom.item.sku,
    version: bom.version,
    effectiveFrom: bom.effectiveFrom,
    phantom: bom.phantom,
    note: bom.note,
    createdBy: bom.createdBy,
    createdAt: bom.createdAt.toISOString(),
    lines: bom.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      componentSku: line.component.sku,
      name: line.component.name,
      uom: line.component.uom,
      quantityPer: line.quantityPer,
      scrapPercent: line.scrapPercent,
      provision: line.provision,
    })),
  };
}

export async function mustFindItem(em: EntityManager, sku: string): Promise<Item> {
  const item = (await itemsBySku(em, [sku])).get(sku);
  if (!item) throw new ApiError('NOT_FOUND', `No item ${sku}`, 'sku');
  return item;
}

/** A new BOM header for `parent` (persisted, audited by the caller's flush). */
export function newBom(
  em: EntityManager,
  parent: Item,
  version: number,
  fields: { effectiveFrom: string; phantom?: boolean; note?: string | null },
  actor: string,
): Bom {
  const bom = new Bom();
  bom.item = parent;
  bom.version = version;
  bom.effectiveFrom = fields.effectiveFrom;
  bom.phantom = fields.phantom ?? false;
  bom.note = fields.note ?? null;
  bom.createdBy = actor;
  em.persist(bom);
  return bom;
}

/** A line of `bom` (persisted with it). */
export function newBomLine(
  em: EntityManager,
  bom: Bom,
  line: { lineNo: number; component: Item; quantityPer: number; scrapPercent?: number; provision?: BomLineProvision },
): BomLine {
  const row = new BomLine();
  row.bom = bom;
  row.lineNo = line.lineNo;
  row.component = line.component;
  row.quantityPer = line.quantityPer;
  row.scrapPercent = line.scrapPercent ?? 0;
  row.provision = line.provision ?? 'ours';
  bom.lines.add(row);
  em.persist(row);
  return row;
}

/**
 * Creates the next version of `sku`'s BOM (lines numbered 10, 20, 30 ... in the body's order). Every line is checked
 * before anything is persisted, so a refusal (naming `lines[i].<field>`) writes nothing.
 */
export async function createBomVersion(
  em: EntityManager,
  sku: string,
  body: BomCreateBody,
  actor: string,
): Promise<Bom> {
  await lockBomWrites(em);
  const parent = await mustFindItem(em, sku);
  const components = await itemsBySku(
    em,
    body.lines.map((line) => line.componentSku),
  );
  const graph = new BomGraph(await allBomEdges(em));
  const seen = new Set<string>();
  body.lines.forEach((line, index) => {
    const refusal = checkLine(parent, line.componentSku, components.get(line.componentSku), seen, graph);
    if (refusal) throw refusalError(refusal, `lines[${index}].componentSku`);
  });
  const version = (await nextVersions(em, [parent.id])).get(parent.id) ?? 1;
  const bom = newBom(em, parent, version, body, actor);
  body.lines.forEach((line, index) => {
    const component = components.get(line.componentSku) as Item;
    newBomLine(em, bom, { ...line, lineNo: (index + 1) * 10, component });
  });
  auditChange(em, {
    actor,
    action: 'bom.created',
    entityType: 'bom',
    entityId: `${parent.sku}/${version}`,
    details: { ...body },
  });
  await em.flush();
  return bom;
}
