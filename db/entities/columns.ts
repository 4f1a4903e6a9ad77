import { DecimalType } from '@mikro-orm/core';

/** Quantities are exact decimals in PostgreSQL and plain numbers in TypeScript (3 decimals: kg, m, pcs). */
export const quantityColumn = { type: new DecimalType('number'), precision: 18, scale: 3 } as const;
/** Every timestamp is stored with its time zone so effective times compare correctly across sites. */
export const timestampColumn = { type: 'Date', columnType: 'timestamptz' } as const;
/** Calendar dates (expiry, requested date) are ISO strings; they have no time of day. */
export const dateColumn = { type: 'string', columnType: 'date' } as const;
/** Money in the books: exact cents. */
export const moneyColumn = { type: new DecimalType('number'), precision: 18, scale: 2 } as const;
