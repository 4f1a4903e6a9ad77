import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/**
 * An order handed to a wave (issue 20) by a wave-release schedule or a board release (`scheduleId` `board:<user>`): one
 * row per wave and order, written with the schedule run's idempotency key or in the board release's transaction, so a
 * retried release starts the same waves and the board's list and the next run leave the order alone while its wave is
 * still inviting it (db/waves/waiting-orders.ts).
 */
export class ScheduledWaveOrder {
  waveId!: string;
  orderNumber!: string;
  scheduleId!: string;
  firedAt!: Date;
  createdAt: Date = new Date();
}

export const ScheduledWaveOrderSchema = new EntitySchema<ScheduledWaveOrder>({
  class: ScheduledWaveOrder,
  tableName: 'scheduled_wave_order',
  indexes: [{ name: 'scheduled_wave_order_order_number_index', properties: ['orderNumber'] }],
  properties: {
    waveId: { type: 'string', length: 40, primary: true },
    orderNumber: { type: 'string', length: 30, primary: true },
    scheduleId: { type: 'string', length: 100 },
    firedAt: { ...timestampColumn },
    createdAt: { ...timestampColumn },
  },
});
