import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../identity/password';
import { num, query } from '../sql';
import { BINS_PER_ZONE, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_USERS, DEMO_WAREHOUSES, ITEM_FAMILIES } from './demo-data';

/** A small deterministic PRNG (mulberry32) so the demo stock is the same on every machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/**
 * Seeds demo master data and opening stock once (a database with users is left alone). Stock arrives as
 * receipt moves in the ledger, with balances updated alongside, exactly as real receipts would post it.
 * Returns whether anything was seeded, so `npm start` prints the demo credentials only the first time.
 */
export async function seedDemoData(em: EntityManager, today = new Date()): Promise<boolean> {
  const [existing] = await query<{ n: string }>(em, 'select count(*) as n from app_user');
  if (num(existing?.n) > 0) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    await query(
      em,
      `insert into app_user (username, display_name, password_hash, roles, active, created_at)
                     values (?, ?, ?, ?, true, now())`,
      [user.username, user.displayName, hash, JSON.stringify(user.roles)],
    );
  }
  for (const customer of DEMO_CUSTOMERS) {
    await query(
      em,
      `insert into customer (code, name, min_shelf_life_days, credit_limit, segment, ship_to_address, created_at)
       values (?, ?, ?, ?, ?, ?, now())`,
      [
        customer.code,
        customer.name,
        customer.minShelfLifeDays,
        customer.creditLimit,
        customer.segment,
        `${customer.name}, 1 Demo Street`,
      ],
    );
  }
  const locations = await seedWarehouses(em);
  const items = await seedItems(em);
  await seedStock(em, items, locations, today);
  return true;
}

async function seedWarehouses(em: EntityManager): Promise<number[]> {
  const physical: number[] = [];
  for (const warehouse of DEMO_WAREHOUSES) {
    const [row] = await query<{ id: number }>(
      em,
      'insert into warehouse (code, name, priority, virtual) values (?, ?, ?, ?) returning id',
      [warehouse.code, warehouse.name, warehouse.priority, warehouse.virtual],
    );
    let sequence = 0;
    for (const zone of warehouse.zones) {
      for (let bin = 1; bin <= BINS_PER_ZONE; bin += 1) {
        sequence += 10;
        const code = `${warehouse.code}-${zone}${String(bin).padStart(2, '0')}`;
        const [location] = await query<{ id: number }>(
          em,
          'insert into location (code, warehouse_id, zone, pick_sequence) values (?, ?, ?, ?) returning id',
          [code, row?.id, zone, sequence],
        );
        if (!warehouse.virtual) physical.push(num(location?.id));
      }
    }
  }
  return physical;
}

interface SeededItem {
  id: number;
  sku: string;
  shelfLifeDays: number | null;
}

async function seedItems(em: EntityManager): Promise<SeededItem[]> {
  const items: SeededItem[] = [];
  for (const family of ITEM_FAMILIES) {
    for (const [index, name] of family.names.entries()) {
      const sku = `${family.prefix}-${String(index + 1).padStart(3, '0')}`;
      const lotTracked = family.shelfLifeDays !== null;
      const [row] = await query<{ id: number }>(
        em,
        `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                           allow_negative_stock, created_at) values (?, ?, ?, ?, ?, ?, ?, 'buy', false, now()) returning id`,
        [sku, name, family.uom, family.category, lotTracked, family.shelfLifeDays, 3 + (index % 10)],
      );
      items.push({ id: num(row?.id), sku, shelfLifeDays: family.shelfLifeDays });
    }
  }
  return items;
}

/** Two to three receipts per item, spread over the past months; some lots already expired or near expiry. */
async function seedStock(em: EntityManager, items: SeededItem[], locations: number[], today: Date): Promise<void> {
  const random = prng(20261122);
  let receipt = 0;
  for (const item of items) {
    const receipts = 2 + Math.floor(random() * 2);
    for (let r = 0; r < receipts; r += 1) {
      receipt += 1;
      const receivedAt = addDays(today, -(150 - r * 45) - Math.floor(random() * 10));
      const locationId = locations[Math.floor(random() * locations.length)] ?? locations[0];
      const quantity = 20 + Math.floor(random() * 180);
      let lotId: number | null = null;
      if (item.shelfLifeDays !== null) {
        const manufactured = addDays(receivedAt, -5);
        const expiry = addDays(manufactured, item.shelfLifeDays);
        const [lot] = await query<{ id: number }>(
          em,
          'insert into lot (item_id, code, manufactured_on, expires_on, received_at) values (?, ?, ?, ?, ?) returning id',
          [
            item.id,
            `L${isoDate(manufactured).replace(/-/g, '')}-${receipt}`,
            isoDate(manufactured),
            isoDate(expiry),
            receivedAt,
          ],
        );
        lotId = num(lot?.id);
      }
      await query(
        em,
        `insert into stock_move (move_type, item_id, lot_id, from_location_id, to_location_id, from_status, to_status,
                                 quantity, effective_at, document_type, document_ref, line_no, user_name, idempotency_key,
                                 created_at)
         values ('receipt', ?, ?, null, ?, null, 'available', ?, ?, 'opening-balance', ?, null, 'seed', ?, now())`,
        [item.id, lotId, locationId, quantity, receivedAt, `OB-${receipt}`, `seed:receipt:${receipt}`],
      );
      await query(
        em,
        `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
         values (?, ?, ?, 'available', ?, 0, now())
         on conflict (item_id, location_id, coalesce(lot_id, 0), status)
         do update set quantity = stock_balance.quantity + excluded.quantity, updated_at = now()`,
        [item.id, locationId, lotId, quantity],
      );
    }
  }
}
