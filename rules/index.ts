/**
 * Rules: rule-set schemas and validation, the one json-rules-engine wrapper that decides which policy applies, and
 * the deterministic strategies those policies choose between (allocation, valuation, expiry, cost distribution).
 * Everything here is pure: no I/O, no clock, no randomness, and no imports from the rest of the repository.
 */
export * from './allocation';
export * from './cost-distribution';
export * from './engine';
export * from './expiry';
export * from './invoice-match';
export * from './lot-sizing';
export * from './manufacturing';
export * from './material-issue';
export * from './mrp';
export * from './quality';
export * from './rule-sets';
export * from './subcontracting';
export * from './valuation';
