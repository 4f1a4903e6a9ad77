/** Alerts (issue 20): the causes worth a person's attention and what a sweep does to the alert rows. Pure. */
export { belowReorderPoint, lateProduction, nearExpiry, remainingHours } from './causes';
export type { AlertCause, LotOnHand, OrderOperation, OrderProgress, StockPosition } from './causes';
export { planSweep } from './sweep-plan';
export type { LiveAlert, SweepPlan } from './sweep-plan';
export { WAVE_RISK_DEFAULTS, waveAtRisk } from './wave-at-risk';
export type { WaveRiskSettings, WaveWork } from './wave-at-risk';
