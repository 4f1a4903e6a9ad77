import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';
import { useTestOrm } from '../../test/support/int-env';
import { moveCommands, plainItem } from '../../test/support/stock';
import { postMove } from './post-move';

const db = useTestOrm();
let items = 0;

const newItem = () => plainItem(db.orm, `POST-${Date.now() % 1_000_000}-${++items}`, { name: 'Posting test item' });
const move = moveCommands('post-move-test', 'MAIN-A01');

const shipment = (sku: string, quantity: number) =>
  move(sku, { moveType: 'shipment', toLocation: null, fromLocation: 'MAIN-A01', quantity });

/** The EntityManager, counting the statements sent through it. */
function counted(em: EntityManager, seen: { statements: number }): EntityManager {
  return new Proxy(em, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'execute') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<EntityManager['execute']>) => {
        seen.statements += 1;
        return target.execute(...args);
      };
    },
  });
}

async function waitForLockWait(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [row] = await query<{ n: string }>(
      db.orm.em.fork(),
      'select count(*) as n from pg_locks where not granted and pid <> pg_backend_pid()',
    );
    if (num(row?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the second posting never waited for a lock');
}

describe('postMove round trips and locking', () => {
  test('a receipt and a shipment into known places take three statements each', async () => {
    const sku = await newItem();
    await db.orm.em.fork().transactional((em) => postMove(em, move(sku, { quantity: 5, unitCost: 1 })));
    for (const cmd of [move(sku, { quantity: 5, unitCost: 2 }), shipment(sku, 7)]) {
      const seen = { statements: 0 };
      const posted = await db.orm.em.fork().transactional((em) => postMove(counted(em, seen), cmd));
      expect(posted.journalEntryId).not.toBeNull();
      expect(seen.statements).toBe(3);
    }
  });

  test('a posting that waited for the valuation scope costs from the layers as the other posting left them', async () => {
    const sku = await newItem();
    await db.orm.em.fork().transactional((em) => postMove(em, move(sku, { quantity: 10, unitCost: 1 })));
    await db.orm.em
      .fork()
      .transactional((em) => postMove(em, move(sku, { toLocation: 'MAIN-A02', quantity: 10, unitCost: 2 })));
    let holding!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    // Ships the 10 at 1.00 (FIFO is per item, not per place) and keeps the scope locked until the other one waits.
    const first = db.orm.em.fork().transactional(async (em) => {
      const posted = await postMove(em, { ...shipment(sku, 10), fromLocation: 'MAIN-A02' });
      holding();
      await released;
      return posted;
    });
    await held;
    const second = db.orm.em.fork().transactional((em) => postMove(em, shipment(sku, 5)));
    await waitForLockWait();
    release();
    expect((await first).value).toBe(10);
    // Layers read before the wait would still show the first layer full, and cost these 5 at 1.00.
    expect((await second).value).toBe(10);
  });
});
