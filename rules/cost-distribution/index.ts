/**
 * Cost distribution: splitting a pool of cents (overhead, freight, a processing fee) over targets by a basis,
 * with an explicit rounding rule so the parts always sum to the whole. Pure integer arithmetic.
 */
export { distribute } from './distribute';
export type { DistributionTarget, Share } from './distribute';
export { CostDistributionError } from './errors';
export type { CostDistributionErrorCode } from './errors';
export { describeDistribution, distributeFreight, freightFacts, FREIGHT_WITHOUT_RULES, receiptBasis } from './freight';
export type { FreightDistribution, FreightSubject, FreightTarget, OutrankedFreightRule, ReceiptBasis } from './freight';
export { ABSORPTION_WITHOUT_RULES, absorptionFacts, distributeAbsorption, orderBasis } from './absorption';
export type { AbsorptionDistribution, AbsorptionSubject, AbsorptionTarget, OrderBasis } from './absorption';
