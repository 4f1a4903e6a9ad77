import { useTestApp } from '../../test/support/int-env';
import { orderDriver } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(120_000);

const t = useTestApp();
// Signed in before the tests run (headers must be asked for at load time).
const users = Object.fromEntries(
  ['admin', 'clerk', 'auditor', 'controller', 'supervisor'].map((user) => [user, t.headers(user)]),
);

/**
 * The Temporal Web UI offers Reset, Terminate and Cancel to whoever reaches it, outside the console's audited actions:
 * an instance's page links it for admins only.
 */
describe('the Temporal Web UI link of a process instance', () => {
  test('is given to admins, and to nobody else', async () => {
    const clerk = users.clerk!;
    const sku = `TUI-${process.pid}-${Date.now() % 100_000}`;
    const item = await itemWithStock(t.orm, sku, [{ location: 'MAIN-B01', lot: 'TUI-1', quantity: 5 }]);
    const { workflowId } = await orderDriver(t.app, clerk).place('C-BOLT', [{ itemSku: item, quantity: 1 }]);
    const linkFor = async (user: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/processes/${encodeURIComponent(workflowId)}`,
        headers: users[user],
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ temporalUiUrl: string | null }>().temporalUiUrl;
    };
    expect(await linkFor('admin')).toMatch(
      new RegExp(`/namespaces/[^/]+/workflows/${encodeURIComponent(workflowId).replace(/[%]/g, '%')}$`),
    );
    for (const user of ['clerk', 'auditor', 'controller', 'supervisor']) expect(await linkFor(user)).toBeNull();
  });
});
