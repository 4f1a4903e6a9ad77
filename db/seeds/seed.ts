import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../identity/password';
import { ACCOUNTS, pair, postJournal } from '../accounting/journal';
import { postMove } from '../inventory/post-move';
import { num, query } from '../sql';
import {
  BINS_PER_ZONE,
  DOCK_ZONE,
  DEMO_CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_WAREHOUSES,
  ITEM_FAMILIES,
} from './demo-data';

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
    const [row] = await query<{ id: number }>(
      em,
      `insert into customer (code, name, min_shelf_life_days, credit_limit, segment, ship_to_address, created_at)
       values (?, ?, ?, ?, ?, ?, now()) returning id`,
      [
        customer.code,
        customer.name,
        customer.minShelfLifeDays,
        customer.creditLimit,
        customer.segment,
        `${customer.name}, 1 Demo Street`,
      ],
    );
    await query(
      em,
      `insert into customer_ship_to (customer_id, code, address, position) values (?, 'MAIN', ?, 1), (?, 'DEPOT', ?, 2)`,
      [row?.id, `${customer.name}, 1 Demo Street`, row?.id, `${customer.name} depot, 9 Harbour Road`],
    );
  }
  const locations = await seedWarehouses(em);
  const random = prng(20261122);
  const items = await seedItems(em, random);
  await seedStock(em, items, locations, today, random);
  await query(
    em,
    `insert into supplier (code, name, trusted, created_at) values
    ('S-NORD', 'Nordic Foods AB', true, now()), ('S-CHEMX', 'ChemX Industries', false, now()),
    ('S-STEEL', 'Steelworks Ltd', true, now()), ('S-PACK', 'PackRight GmbH', false, now())`,
  );
  // Each item's usual (preferred) supplier, at its average cost, ordered in fives from ten.
  await query(
    em,
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, min_order_quantity, order_multiple,
                                preferred, active, created_at)
     select i.id, s.id, round(i.list_price / 1.4, 2), i.lead_time_days, 10, 5, true, true, now()
       from item i join supplier s on s.code = case i.category when 'food' then 'S-NORD' when 'hardware' then 'S-STEEL'
                                                when 'packaging' then 'S-PACK' else 'S-CHEMX' end`,
  );
  await seedOverdueInvoice(em, today);
  return true;
}

/**
 * One unpaid invoice of Grid Electrical, 45 days past due, so the credit check has a customer to hold in the demo.
 * Booked like any invoice (receivable / revenue), so receivables and the ledger agree.
 */
async function seedOverdueInvoice(em: EntityManager, today: Date): Promise<void> {
  const day = 86_400_000;
  const issued = new Date(today.getTime() - 75 * day);
  const journalEntryId = await postJournal(em, {
    entryDate: issued,
    sourceType: 'customer-invoice',
    sourceRef: 'INV-DEMO-0001',
    description: 'Opening receivable: Grid Electrical, invoice INV-DEMO-0001',
    lines: pair(ACCOUNTS.receivable, ACCOUNTS.revenue, 185_000),
    idempotencyKey: 'seed:invoice:INV-DEMO-0001',
    createdBy: 'system',
  });
  await query(
    em,
    `insert into customer_invoice (invoice_number, customer_id, order_number, amount, net_amount, paid_amount, issued_on,
                                   due_on, journal_entry_id, created_at)
     select 'INV-DEMO-0001', id, 'SO-OPENING', 1850, 1850, 0, ?::date, ?::date - 45, ?, now() from customer where code = 'C-GRID'`,
    [issued.toISOString().slice(0, 10), today.toISOString().slice(0, 10), journalEntryId],
  );
}

async function seedWarehouses(em: EntityManager): Promise<string[]> {
  const physical: string[] = [];
  for (const warehouse of DEMO_WAREHOUSES) {
    const [row] = await query<{ id: number }>(
      em,
      'insert into warehouse (code, name, priority, virtual) values (?, ?, ?, ?) returning id',
      [warehouse.code, warehouse.name, warehouse.priority, warehouse.virtual],
    );
    let sequence = 0;
    const zoneId = async (code: string, name: string): Promise<number> => {
      const [zone] = await query<{ id: number }>(
        em,
        'insert into zone (warehouse_id, code, name) values (?, ?, ?) returning id',
        [row?.id, code, name],
      );
      return num(zone?.id);
    };
    if (!warehouse.virtual) {
      // The dock (location type `dock`): receipts land there, putaway moves them to bins, allocation never draws.
      await query(
        em,
        `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'dock', 0)`,
        [`${warehouse.code}-${DOCK_ZONE}`, row?.id, await zoneId(DOCK_ZONE, 'Receiving dock')],
      );
    }
    const type = warehouse.virtual ? 'virtual' : 'storage';
    for (const zone of warehouse.zones) {
      const zoneRow = await zoneId(zone, `Zone ${zone}`);
      for (let bin = 1; bin <= BINS_PER_ZONE; bin += 1) {
        sequence += 10;
        const code = `${warehouse.code}-${zone}${String(bin).padStart(2, '0')}`;
        const [location] = await query<{ id: number }>(
          em,
          'insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, ?, ?) returning id',
          [code, row?.id, zoneRow, type, sequence],
        );
        if (!warehouse.virtual && location) physical.push(code);
      }
    }
  }
  return physical;
}

interface SeededItem {
  id: number;
  sku: string;
  shelfLifeDays: number | null;
  unitCost: number;
}

async function seedItems(em: EntityManager, random: () => number): Promise<SeededItem[]> {
  const items: SeededItem[] = [];
  for (const family of ITEM_FAMILIES) {
    for (const [index, name] of family.names.entries()) {
      const sku = `${family.prefix}-${String(index + 1).padStart(3, '0')}`;
      const lotTracked = family.shelfLifeDays !== null;
      const unitCost = Math.round((2 + random() * 80) * 100) / 100;
      // Every fifth item is valued at moving average, so the demo shows both methods.
      const method = index % 5 === 4 ? 'moving-average' : 'fifo';
      const [row] = await query<{ id: number }>(
        em,
        `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                           allow_negative_stock, valuation_method, valued_per_warehouse, list_price, abc_class,
                           safety_stock, created_at)
         values (?, ?, ?, ?, ?, ?, ?, 'buy', false, ?, false, ?, ?, ?, now()) returning id`,
        [
          sku,
          name,
          family.uom,
          family.category,
          lotTracked,
          family.shelfLifeDays,
          3 + (index % 10),
          method,
          Math.round(unitCost * 140) / 100,
          ['A', 'B', 'B', 'C', 'C'][index % 5],
          5 * (1 + (index % 4)),
        ],
      );
      items.push({ id: num(row?.id), sku, shelfLifeDays: family.shelfLifeDays, unitCost });
    }
  }
  return items;
}

/**
 * Two to three receipts per item, spread over the past months at drifting costs, posted through the ledger
 * (layers, balances and an opening-balance journal entry each), so the demo books balance from the start.
 */
async function seedStock(
  em: EntityManager,
  items: SeededItem[],
  locations: string[],
  today: Date,
  random: () => number,
): Promise<void> {
  let receipt = 0;
  for (const item of items) {
    const receipts = 2 + Math.floor(random() * 2);
    for (let r = 0; r < receipts; r += 1) {
      receipt += 1;
      const receivedAt = addDays(today, -(150 - r * 45) - Math.floor(random() * 10));
      const manufactured = addDays(receivedAt, -5);
      await postMove(em, {
        moveType: 'receipt',
        itemSku: item.sku,
        lot:
          item.shelfLifeDays === null
            ? null
            : {
                code: `L${isoDate(manufactured).replace(/-/g, '')}-${receipt}`,
                manufacturedOn: isoDate(manufactured),
                expiresOn: isoDate(addDays(manufactured, item.shelfLifeDays)),
              },
        toLocation: locations[Math.floor(random() * locations.length)] ?? locations[0],
        quantity: 20 + Math.floor(random() * 180),
        unitCost: Math.round(item.unitCost * (0.9 + random() * 0.2) * 100) / 100,
        effectiveAt: receivedAt,
        documentType: 'opening-balance',
        documentRef: `OB-${receipt}`,
        userName: 'seed',
        idempotencyKey: `seed:receipt:${receipt}`,
        offsetAccount: ACCOUNTS.openingEquity,
      });
    }
  }
}
