import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm, WITHOUT_SNAPSHOT_WRITES } from '../orm';
import { query } from '../sql';
import { adminStatement } from '../../test/support/fresh-books';

jest.setTimeout(120_000);

const MINE = 'Migration20261201131000_warehouse_zones';

/**
 * An existing database migrates: locations written with the old free-text zone (as the demo seed wrote them)
 * come out with zones per warehouse and value, and the type the old code implied (zone DOCK = the dock,
 * virtual warehouses' locations virtual, the rest storage). Runs on a database of its own.
 */
describe(MINE, () => {
  const base = new URL(String(process.env.MW_TEST_DATABASE_URL));
  const name = `mw_zones_${process.pid}_${Date.now() % 1_000_000}`;
  let orm: MikroORM;

  const admin = (sql: string) => adminStatement(base, sql);

  beforeAll(async () => {
    await admin(`create database "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    orm = await openOrm(url.toString(), { ...WITHOUT_SNAPSHOT_WRITES, pool: { min: 0, max: 2 } });
  });

  afterAll(async () => {
    await orm?.close();
    await admin(`drop database if exists "${name}" with (force)`);
  });

  test('zone text becomes zones, and every location gets its type', async () => {
    const migrator = orm.getMigrator();
    const pending = (await migrator.getPendingMigrations()).map((migration) => migration.name);
    const before = pending[pending.indexOf(MINE) - 1];
    await migrator.up({ to: before });
    const em = orm.em.fork();
    await query(
      em,
      `insert into warehouse (code, name, priority, virtual) values ('OLD', 'Old site', 10, false), ('VIRT', 'Consigned', 90, true)`,
    );
    await query(
      em,
      `insert into location (code, warehouse_id, zone, pick_sequence)
       select v.code, w.id, v.zone, v.seq from (values ('OLD', 'OLD-A01', 'A', 10), ('OLD', 'OLD-DOCK', 'DOCK', 0),
                                                      ('OLD', 'OLD-A02', 'A', 20), ('VIRT', 'VIRT-V01', 'V', 10))
         as v(wh, code, zone, seq) join warehouse w on w.code = v.wh`,
    );

    await migrator.up({ to: MINE });

    const rows = await query<{ code: string; type: string; zone: string; warehouse: string; active: boolean }>(
      orm.em.fork(),
      `select l.code, l.type, z.code as zone, w.code as warehouse, l.active from location l
         join zone z on z.id = l.zone_id join warehouse w on w.id = z.warehouse_id order by l.code`,
    );
    expect(rows).toEqual([
      { code: 'OLD-A01', type: 'storage', zone: 'A', warehouse: 'OLD', active: true },
      { code: 'OLD-A02', type: 'storage', zone: 'A', warehouse: 'OLD', active: true },
      { code: 'OLD-DOCK', type: 'dock', zone: 'DOCK', warehouse: 'OLD', active: true },
      { code: 'VIRT-V01', type: 'virtual', zone: 'V', warehouse: 'VIRT', active: true },
    ]);
    const zones = await query<{ n: string }>(orm.em.fork(), 'select count(*) as n from zone');
    expect(Number(zones[0]?.n)).toBe(3);
    await expect(query(orm.em.fork(), `update location set type = 'shelf' where code = 'OLD-A01'`)).rejects.toThrow(
      /check/,
    );
  });
});
