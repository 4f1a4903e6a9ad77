import { postMove, type MoveCommand } from '../inventory/post-move';
import { query } from '../sql';
import { useTestOrm } from '../../test/support/int-env';
import { plainItem } from '../../test/support/stock';
import { BACKFILL_OFFSET_ACCOUNTS } from './Migration20261201133000_receipt_dates';

const db = useTestOrm();
const tx = db.tx;

describe('Migration20261201133000_receipt_dates on a database with moves', () => {
  test('backfills each move with the account its journal entry booked, else its move type default', async () => {
    const sku = `MIGR-${Date.now() % 1_000_000}`;
    await plainItem(db.orm, sku, { name: 'Migration test item' });
    let n = 0;
    const cmd = (overrides: Partial<MoveCommand>): MoveCommand => ({
      moveType: 'receipt',
      itemSku: sku,
      toLocation: 'EAST-B02',
      quantity: 5,
      unitCost: 2,
      documentType: 'test',
      documentRef: sku,
      userName: 'tester',
      idempotencyKey: `${sku}:${(n += 1)}`,
      ...overrides,
    });
    const out = { toLocation: null, fromLocation: 'EAST-B02', quantity: 1 };
    await tx(async (em) => {
      await postMove(em, cmd({}));
      await postMove(em, cmd({ ...out, moveType: 'issue', offsetAccount: '5000' })); // the journal says 5000
      await postMove(em, cmd({ ...out, moveType: 'scrap' }));
      await postMove(em, cmd({ moveType: 'transfer', fromLocation: 'EAST-B02', toLocation: 'EAST-B03', quantity: 1 }));
    });
    const stored = () =>
      query<{ move_type: string; offset_account: string | null }>(
        db.orm.em.fork(),
        'select move_type, offset_account from stock_move where document_ref = ? order by id',
        [sku],
      );
    const posted = await stored();
    expect(posted.map((m) => [m.move_type, m.offset_account])).toEqual([
      ['receipt', '2100'],
      ['issue', '5000'],
      ['scrap', '5200'],
      ['transfer', null],
    ]);

    // As before the migration: no offset stored. The backfill recovers exactly what posting stores now.
    await tx(async (em) => {
      await em.execute('alter table stock_move disable trigger stock_move_append_only');
      await query(em, 'update stock_move set offset_account = null where document_ref = ?', [sku]);
      await em.execute(BACKFILL_OFFSET_ACCOUNTS);
      await em.execute('alter table stock_move enable trigger stock_move_append_only');
    });
    expect(await stored()).toEqual(posted);
  });
});
