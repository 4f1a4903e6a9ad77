export * from './pick-path';
export * from './plan-waves';
export * from './default-wave-rules';
export * from './replenish';
