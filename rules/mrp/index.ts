/**
 * MRP: time-phased, multi-level net requirements planning (pure): buckets, low-level codes, forecast consumption,
 * lot sizing, netting with pegging and exception messages.
 */
export * from './buckets';
export * from './forecast';
export * from './grid-rows';
export * from './lot-size';
export * from './low-level-codes';
export * from './plan';
export * from './plan-item';
export * from './supply-exceptions';
export * from './types';
export * from './derive-pegging';
export * from './net-change-incremental';
