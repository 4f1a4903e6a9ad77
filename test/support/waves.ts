import type { MikroORM } from '@mikro-orm/postgresql';
import { query } from '../../db/sql';

/**
 * A zone of the test's own in the first active warehouse that has a dock, so that what waves and schedules limited to
 * the zone see is only the test's: the warehouse's id and code and the zone's id.
 */
export async function zoneOfItsOwn(
  orm: MikroORM,
  zone: string,
  name: string,
): Promise<{ warehouseId: number; warehouseCode: string; zoneId: number }> {
  const em = orm.em.fork();
  const [warehouse] = await query<{ id: number; code: string }>(
    em,
    `select w.id, w.code from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
      where not w.virtual and w.active order by w.id limit 1`,
  );
  if (!warehouse) throw new Error('no active warehouse with a dock');
  const [row] = await query<{ id: number }>(
    em,
    `insert into zone (warehouse_id, code, name) values (?, ?, ?) returning id`,
    [warehouse.id, zone, name],
  );
  return { warehouseId: warehouse.id, warehouseCode: warehouse.code, zoneId: row!.id };
}

/** HH:MM on the company's clock `minutes` from now: a carrier's cut-off a test's waves must make. */
export async function companyClockIn(orm: MikroORM, minutes: number): Promise<string> {
  const [company] = await query<{ time_zone: string }>(
    orm.em.fork(),
    'select time_zone from company_settings where id = 1',
  );
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: company?.time_zone ?? 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + minutes * 60_000));
}
