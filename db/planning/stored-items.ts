import type { EntityManager } from '@mikro-orm/postgresql';
import { fullRows, type ItemInputs, type StoredGrid, type StoredItem } from '../../rules/mrp';
import { queryBound } from '../bound-sql';

/** An affected item's stored plan with its item id. */
export interface StoredItemRow extends StoredItem {
  itemId: number;
}

/**
 * The stored plans of the given items in the run (whole grids, inputs), those the run has. An item stored without
 * its own planning item and BOMs in its inputs (a run stored before net change re-netted from the plan alone) comes
 * back with `complete` false.
 */
export async function readStoredItems(
  em: EntityManager,
  runId: number,
  bucketCount: number,
  skus: readonly string[],
): Promise<{ items: StoredItemRow[]; complete: boolean }> {
  if (skus.length === 0) return { items: [], complete: true };
  const rows = await queryBound<{
    item_id: number;
    sku: string;
    low_level_code: number;
    rows: StoredGrid;
    inputs: ItemInputs | null;
  }>(
    em,
    `select p.item_id, i.sku, p.low_level_code, p.rows, p.inputs from mrp_item_plan p join item i on i.id = p.item_id
      where p.run_id = ? and i.sku in (select jsonb_array_elements_text(?::jsonb))`,
    [runId, JSON.stringify([...new Set(skus)])],
  );
  let complete = true;
  const items: StoredItemRow[] = [];
  for (const row of rows) {
    const inputs = row.inputs;
    if (!inputs?.item || !inputs.boms) {
      complete = false;
      continue;
    }
    items.push({
      itemId: row.item_id,
      sku: row.sku,
      lowLevelCode: row.low_level_code,
      rows: fullRows(row.rows, bucketCount),
      inputs: { ...inputs, item: inputs.item, boms: inputs.boms },
    });
  }
  return { items, complete };
}
