import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import { useTestOrm } from '../../test/support/int-env';
import { query } from '../sql';
import { readMrpSnapshot } from './mrp-snapshot';

jest.setTimeout(120_000);

// The order's component row has no process behind it: gone before the next file looks at the shared database.
afterAll(async () => {
  const em = db.orm.em.fork();
  await query(
    em,
    `delete from production_order_component where production_order_id = (select id from production_order where number = ?)`,
    [world.orderNumber],
  );
  await query(em, `update production_order set status = 'cancelled' where number = ?`, [world.orderNumber]);
});

const db = useTestOrm();
let world: ProductionWorld;

beforeAll(async () => {
  world = await productionWorld(db.orm, 10);
  const em = db.orm.em.fork();
  // The customer brings the bolts of FG: the BOM line says so, and so does the released order's component.
  await query(
    em,
    `update bom_line set provision = 'customer'
      where component_item_id = (select id from item where sku = ?)
        and bom_id in (select b.id from bom b join item i on i.id = b.item_id where i.sku = ?)`,
    [world.sku.bolt, world.sku.fg],
  );
  await query(em, `update production_order set status = 'released' where number = ?`, [world.orderNumber]);
  await query(
    em,
    `insert into production_order_component (production_order_id, line_no, item_id, quantity_per, scrap_percent,
                                             required_quantity, issue_mode, when_short, issued_quantity, provision)
     select o.id, l.line_no, i.id, l.quantity, l.scrap, l.required, 'kit', 'wait', 0, l.provision
       from production_order o, item i,
            (values (1, ?, 2, 0, 20, 'ours'), (3, ?, 4, 25, 50, 'customer'))
              as l(line_no, sku, quantity, scrap, required, provision)
      where o.number = ? and i.sku = l.sku`,
    [world.sku.ph, world.sku.bolt, world.orderNumber],
  );
});

describe('MRP and customer-supplied material', () => {
  test('plans neither the BOM line the customer supplies nor a released order component of theirs', async () => {
    const snapshot = await readMrpSnapshot(db.orm.em, new Date().toISOString().slice(0, 10));
    const fg = snapshot.boms.find((bom) => bom.parentSku === world.sku.fg);
    expect(fg?.lines.map((line) => line.componentSku)).toEqual([world.sku.ph, world.sku.sub]);
    const demand = snapshot.demands.filter(
      (d) => d.kind === 'production-component' && d.ref.startsWith(world.orderNumber),
    );
    expect(demand.map((d) => [d.sku, d.quantity])).toEqual([[world.sku.ph, 20]]);
  });
});
