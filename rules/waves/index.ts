export * from './pick-path';
export * from './plan-waves';
