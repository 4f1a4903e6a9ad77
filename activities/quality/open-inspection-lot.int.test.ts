import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionLot, Supplier } from '../../db/entities';
import { postMove } from '../../db/inventory/post-move';
import { createEngineCache } from '../../rules/engine';
import { useTestOrm } from '../../test/support/int-env';
import { itemWithStock } from '../../test/support/stock';
import { openInspectionLot } from './open-inspection-lot';

jest.setTimeout(120_000);

const db = useTestOrm();
const engines = createEngineCache();
const run = Date.now().toString(36).toUpperCase();
let opened = 0;

async function supplier(code: string, trusted: boolean): Promise<string> {
  await db.tx(async (em) => {
    const row = new Supplier();
    Object.assign(row, { code, name: `Supplier ${code}`, trusted });
    em.persist(row);
  });
  return code;
}

/** Opens a lot of 100 of `sku` from `supplierCode`, its stock received into quarantine first (as a receipt does). */
async function open(sku: string, supplierCode: string) {
  opened += 1;
  const sourceKey = `test:${run}:${opened}`;
  return db.tx(async (em) => {
    await postMove(em, {
      moveType: 'receipt',
      itemSku: sku,
      lot: { code: `${run}-${opened}` },
      toLocation: 'MAIN-B01',
      toStatus: 'quarantine',
      quantity: 100,
      unitCost: 1,
      documentType: 'test',
      documentRef: sourceKey,
      userName: 'tester',
      idempotencyKey: sourceKey,
    });
    const input = {
      sourceKey,
      source: 'purchase' as const,
      sourceDocument: `PO-${run}`,
      sourceLineNo: opened,
      deliveryNo: 1,
      supplierCode,
      itemSku: sku,
      stockLotCode: `${run}-${opened}`,
      locationCode: 'MAIN-B01',
      quantity: 100,
      receivedOn: new Date().toISOString().slice(0, 10),
      userName: 'tester',
    };
    const lot = await openInspectionLot(em, input, engines);
    return { lot, row: await em.findOneOrFail(InspectionLot, { lotNo: lot.lotNo }) };
  });
}

/** Records a lot's outcome as its disposition would (the history the next decision reads). */
async function judge(lotNo: string, verdict: 'accepted' | 'rejected') {
  await db.tx(async (em: EntityManager) => {
    const lot = await em.findOneOrFail(InspectionLot, { lotNo });
    Object.assign(lot, { verdict, status: 'disposed' });
  });
}

describe('opening an inspection lot decides the sampling from the recorded lots', () => {
  test('normal -> tightened after 2 of 5 lots rejected -> normal after 5 accepted (ISO 2859-1 9.3)', async () => {
    const sku = await itemWithStock(db.orm, `QIS-${run}`, []);
    const from = await supplier(`QS-${run}`, false);
    for (const verdict of ['accepted', 'rejected', 'accepted'] as const) {
      const { row } = await open(sku, from);
      expect(row.severity).toBe('normal');
      await judge(row.lotNo, verdict);
    }
    const fourth = await open(sku, from);
    expect(fourth.row.severity).toBe('normal');
    await judge(fourth.row.lotNo, 'rejected');
    const tightened = await open(sku, from);
    expect(tightened.row).toMatchObject({ severity: 'tightened', status: 'inspecting' });
    expect(tightened.row.sampling.sampleReason).toMatch(/^tightened inspection/);
    expect(tightened.row.sampling.facts).toMatchObject({ 'supplier.lotsRejected': 2, 'supplier.lotsInspected': 4 });
    await judge(tightened.row.lotNo, 'accepted');
    for (let i = 0; i < 4; i += 1) {
      const { row } = await open(sku, from);
      expect(row.severity).toBe('tightened');
      await judge(row.lotNo, 'accepted');
    }
    const back = await open(sku, from);
    expect(back.row.severity).toBe('normal');
  });

  test('5 lots rejected while tightened discontinue inspection: the next is held whole, then resumes tightened', async () => {
    const sku = await itemWithStock(db.orm, `QID-${run}`, []);
    const from = await supplier(`QD-${run}`, false);
    for (let i = 0; i < 7; i += 1) {
      const { row } = await open(sku, from);
      expect(row.severity).toBe(i < 2 ? 'normal' : 'tightened');
      await judge(row.lotNo, 'rejected');
    }
    const held = await open(sku, from);
    expect(held.lot).toMatchObject({ released: false, status: 'inspecting' });
    expect(held.row).toMatchObject({ sampleSize: 100, ac: 0, re: 1 });
    expect(held.row.sampling).toMatchObject({ result: 'hold' });
    expect(held.row.sampling.sampleReason).toMatch(/inspection discontinued/);
    await judge(held.row.lotNo, 'accepted');
    const resumed = await open(sku, from);
    expect(resumed.row.sampling.result).toBe('inspect');
    expect(resumed.row.severity).toBe('tightened');
  });

  test('skip-lot for a trusted supplier with a clean record: after 10 accepted lots the next is released unseen', async () => {
    const sku = await itemWithStock(db.orm, `QIK-${run}`, []);
    const from = await supplier(`QT-${run}`, true);
    for (let i = 0; i < 10; i += 1) {
      const { lot, row } = await open(sku, from);
      expect(lot.released).toBe(false);
      expect(row.sampling.rule).toBe('trusted-purchases-skip-lot');
      await judge(row.lotNo, 'accepted');
    }
    const skipped = await open(sku, from);
    expect(skipped.lot).toMatchObject({ released: true, status: 'released' });
    expect(skipped.row).toMatchObject({ sampleSize: 0, verdict: null });
    expect(skipped.row.sampling).toMatchObject({ result: 'skip' });
    const [stock] = await db.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ status: string; quantity: string }>>(
        `select b.status, b.quantity from stock_balance b join lot on lot.id = b.lot_id where lot.code = ? and b.quantity > 0`,
        [skipped.row.stockLotCode],
      );
    expect(stock).toMatchObject({ status: 'available' });
  });
});
