import { useTestApp } from '../../test/support/int-env';
import { subcontractTrackingWorld, type SubcontractTrackingWorld } from './subcontract-tracking-world';

jest.setTimeout(180_000);

/*
 * The subcontract tracking reports over a world of the test's own (./subcontract-tracking-world.ts): one supplier, its
 * site SUP-<code>, four orders and the stock sent there. Every request filters to that supplier (the database is
 * shared). The figures are worked out by hand from the world's description.
 */
const t = useTestApp({ worker: false });
const auditor = t.headers('auditor');
let world: SubcontractTrackingWorld;

beforeAll(async () => {
  world = await subcontractTrackingWorld(t.orm, 'i');
});

type Page<R> = { items: R[]; total: number };
type OrderRow = Record<string, unknown> & { orderNumber: string };

async function get<T>(url: string): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers: auditor });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}
const tracking = (params: string) =>
  get<Page<OrderRow>>(`/api/reports/subcontract-tracking?supplier=${world.supplierCode}&${params}`);
const numbers = (page: Page<OrderRow>) => page.items.map((row) => row.orderNumber);

describe('subcontract tracking, one row per order', () => {
  test('components still out counted and valued per order, receipts and fees, late flag', async () => {
    const page = await tracking('');
    const { late, open, received, cancelled } = world.orders;
    // Due date ascending by default; late and received are both due yesterday (ties by order id: late first).
    expect(numbers(page)).toEqual([cancelled, late, received, open]);
    const row = (number: string) => page.items.find((r) => r.orderNumber === number);
    expect(row(late)).toMatchObject({
      supplierCode: world.supplierCode,
      itemSku: world.sku.fg,
      quantity: 10,
      status: 'at-supplier',
      late: true,
      componentLines: 3,
      componentsSent: 2,
      componentsOut: 1,
      valueAtSupplier: 9, // A: 6 - 2 - 1 = 3 out at unit value (10 x 2 + 10 x 4) / 20 = 3
      receivedQuantity: 4, // the rejected delivery of 1 is not received
      feesAccrued: 17.5,
    });
    expect(row(open)).toMatchObject({ late: false, componentLines: 2, componentsOut: 2, valueAtSupplier: 59 });
    expect(row(received)).toMatchObject({ late: false, componentsOut: 0, receivedQuantity: 2, feesAccrued: 7 });
    expect(row(cancelled)).toMatchObject({ late: false, componentLines: 0, valueAtSupplier: 0 });
  });

  test('filters (late, status, due range, item) and server-side sort', async () => {
    expect(numbers(await tracking('late=true'))).toEqual([world.orders.late]);
    expect(numbers(await tracking('status=received'))).toEqual([world.orders.received]);
    const today = new Date().toISOString().slice(0, 10);
    expect(numbers(await tracking(`dueFrom=${today}`))).toEqual([world.orders.open]);
    expect((await tracking(`item=${world.sku.a}`)).total).toBe(0); // A is a component, not the item made
    const byValue = await tracking('sort=-valueAtSupplier&pageSize=2');
    expect(byValue.total).toBe(4);
    expect(numbers(byValue)).toEqual([world.orders.open, world.orders.late]);
  });

  test("an order's components: sent, consumed, scrapped, returned and still out with value", async () => {
    const detail = await get<{ components: Array<Record<string, unknown>> }>(
      `/api/reports/subcontract-tracking/${world.orders.late}/components`,
    );
    expect(detail.components).toEqual([
      expect.objectContaining({ itemSku: world.sku.a, sentQuantity: 6, consumedQuantity: 2, scrappedQuantity: 1 }),
      expect.objectContaining({ itemSku: world.sku.b, sentQuantity: 2, atSupplierQuantity: 0, value: 0 }),
      expect.objectContaining({ itemSku: world.sku.p, provision: 'supplier', sentQuantity: 0, unitValue: 0 }),
    ]);
    expect(detail.components[0]).toMatchObject({ returnedQuantity: 0, atSupplierQuantity: 3, unitValue: 3, value: 9 });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/reports/subcontract-tracking/SC-NOPE-0/components',
      headers: auditor,
    });
    expect(missing.statusCode).toBe(404);
  });

  test('CSV export of every filtered row; a bad date is refused naming its field', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/reports/subcontract-tracking/export.csv?supplier=${world.supplierCode}&sort=orderNumber`,
      headers: auditor,
    });
    expect(csv.statusCode).toBe(200);
    const [header, ...lines] = csv.body.trim().split('\r\n');
    expect(header).toContain('Lines still out');
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.startsWith(world.orders.late))).toContain(',yes,3,2,1,9.00,4,17.50');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/reports/subcontract-tracking?dueFrom=2026-13-01',
      headers: auditor,
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('dueFrom');
  });
});

describe('by supplier and stock at suppliers', () => {
  test("a supplier's open and late orders, receipts, fees and the value of our stock on its site", async () => {
    const page = await get<Page<Record<string, unknown>>>(
      `/api/reports/subcontract-tracking/by-supplier?supplier=${world.supplierCode}`,
    );
    expect(page.items).toEqual([
      {
        supplierCode: world.supplierCode,
        supplierName: world.supplierName,
        openOrders: 2,
        lateOrders: 1,
        receivedQuantity: 6,
        feesAccrued: 24.5,
        stockValue: 68, // 6 A at 3 + 5 B at 10
      },
    ]);
  });

  test('stock with status at-supplier by item, valued as stock on hand values it', async () => {
    const page = await get<Page<Record<string, unknown>> & { totals: { value: number } }>(
      `/api/reports/stock-at-suppliers?supplier=${world.supplierCode}&sort=-value`,
    );
    expect(page.items.map((r) => [r.itemSku, r.warehouseCode, r.quantity, r.value])).toEqual([
      [world.sku.b, world.warehouseCode, 5, 50],
      [world.sku.a, world.warehouseCode, 6, 18],
    ]);
    expect(page.totals.value).toBe(68);
    const onHand = await get<{ totals: { value: number } }>(
      `/api/reports/stock-on-hand?warehouseCode=${world.warehouseCode}&status=at-supplier`,
    );
    expect(onHand.totals.value).toBe(68);
  });
});
