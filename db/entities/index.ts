import { AuditEntrySchema, IdempotencyRecordSchema } from './audit';
import { CustomerSchema, ItemSchema } from './catalog';
import { SessionSchema, UserSchema } from './identity';
import { ReservationSchema, StockBalanceSchema, StockMoveSchema } from './inventory';
import { HumanTaskSchema, ProcessInstanceSchema } from './process';
import { SalesOrderLineSchema, SalesOrderSchema } from './sales';
import { LocationSchema, LotSchema, WarehouseSchema } from './warehouse';

export * from './audit';
export * from './catalog';
export * from './identity';
export * from './inventory';
export * from './process';
export * from './sales';
export * from './warehouse';

/** Every entity, listed explicitly (no folder scanning), in one place for the ORM config. */
export const ALL_ENTITIES = [
  UserSchema,
  SessionSchema,
  ItemSchema,
  CustomerSchema,
  WarehouseSchema,
  LocationSchema,
  LotSchema,
  StockBalanceSchema,
  StockMoveSchema,
  ReservationSchema,
  SalesOrderSchema,
  SalesOrderLineSchema,
  HumanTaskSchema,
  ProcessInstanceSchema,
  AuditEntrySchema,
  IdempotencyRecordSchema,
];
