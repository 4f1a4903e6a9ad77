import { AlertSchema } from './alert';
import { PackCheckAttemptSchema, PackCheckPolicySchema } from './pack-check';
import { PickFaceSchema } from './pick-face';
import { ScheduledWaveOrderSchema } from './scheduled-wave';
import { AuditEntrySchema, AuditSealSchema, IdempotencyRecordSchema } from './audit';
import {
  AccountingPeriodSchema,
  AccountSchema,
  JournalEntrySchema,
  JournalLineSchema,
  PeriodClosingBalanceSchema,
} from './accounting';
import { CustomerSchema, ItemSchema, SupplierSchema } from './catalog';
import { CompanySettingsSchema } from './company';
import { CarrierReceiptLineSchema, CarrierReceiptSchema } from './carrier-receipt';
import { PeriodCloseAbsorptionSchema } from './period-close-absorption';
import { CustomerShipToSchema } from './customer-ship-to';
import { ApiIdempotencyKeySchema, ProcessStartOutboxSchema } from './intake';
import { ItemSupplierSchema, ItemUnitConversionSchema } from './item-details';
import { PurchaseDeliverySchema, PurchaseOrderLineSchema, PurchaseOrderSchema } from './purchasing';
import { SessionSchema, UserSchema } from './identity';
import { LoginThrottleSchema } from './login-throttle';
import { ReservationSchema, StockBalanceSchema, StockMoveSchema } from './inventory';
import { RuleDecisionSchema, RuleSetSchema, RuleSetVersionSchema } from './rules';
import { SavedViewSchema } from './saved-view';
import { SubcontractDeliverySchema, SubcontractOrderComponentSchema, SubcontractOrderSchema } from './subcontracting';
import { SupplierReturnLineSchema, SupplierReturnSchema } from './supplier-return';
import { StockCountLineSchema, StockCountSchema } from './stock-count';
import { StockTransferSchema } from './stock-transfer';
import { PaymentAllocationSchema, PaymentSchema } from './payments';
import { CustomerInvoiceTaxLineSchema, TaxRateSchema } from './tax';
import {
  SubcontractFeeSettlementSchema,
  SupplierInvoiceLineSchema,
  SupplierInvoiceMatchSchema,
  SupplierInvoiceSchema,
} from './supplier-invoice';
import { HumanTaskSchema, ProcessInstanceSchema } from './process';
import { CustomerInvoiceSchema, SalesOrderLineSchema, SalesOrderSchema } from './sales';
import { CostLayerSchema, ItemValuationSchema, LayerConsumptionSchema, RevaluationJobSchema } from './valuation';
import { LocationSchema, LotSchema, WarehouseSchema, ZoneSchema } from './warehouse';
import { BomLineSchema, BomSchema } from './manufacturing-bom';
import { InspectionCharacteristicSchema, InspectionPlanSchema } from './quality';
import {
  InspectionDispositionSchema,
  InspectionLotSchema,
  InspectionReadingSchema,
  NonconformanceSchema,
} from './quality-inspection';
import { RoutingOperationSchema, RoutingSchema, WorkCentreRateSchema, WorkCentreSchema } from './manufacturing-routing';
import {
  ProductionCostSchema,
  ProductionOrderComponentSchema,
  ProductionOrderOperationSchema,
  ProductionOrderSchema,
  ProductionReportSchema,
} from './manufacturing-production';
import {
  ForecastSchema,
  MrpExceptionSchema,
  MrpItemPlanSchema,
  MrpPendingChangeSchema,
  MrpPlannedOrderSchema,
  MrpRunLevelSchema,
  MrpRunSchema,
} from './planning';

export * from './accounting';
export * from './alert';
export * from './pick-face';
export * from './scheduled-wave';
export * from './audit';
export * from './catalog';
export * from './carrier-receipt';
export * from './period-close-absorption';
export * from './company';
export * from './customer-ship-to';
export * from './item-details';
export * from './manufacturing-bom';
export * from './quality';
export * from './quality-inspection';
export * from './manufacturing-routing';
export * from './manufacturing-production';
export * from './identity';
export * from './login-throttle';
export * from './intake';
export * from './inventory';
export * from './process';
export * from './purchasing';
export * from './rules';
export * from './sales';
export * from './saved-view';
export * from './supplier-return';
export * from './subcontracting';
export * from './stock-count';
export * from './stock-transfer';
export * from './payments';
export * from './planning';
export * from './tax';
export * from './supplier-invoice';
export * from './valuation';
export * from './warehouse';

/** Every entity, listed explicitly (no folder scanning), in one place for the ORM config. */
export const ALL_ENTITIES = [
  UserSchema,
  SessionSchema,
  ItemSchema,
  ItemUnitConversionSchema,
  ItemSupplierSchema,
  CustomerSchema,
  CustomerShipToSchema,
  WarehouseSchema,
  ZoneSchema,
  LocationSchema,
  LotSchema,
  StockBalanceSchema,
  StockMoveSchema,
  ReservationSchema,
  StockCountSchema,
  StockCountLineSchema,
  SalesOrderSchema,
  SalesOrderLineSchema,
  CustomerInvoiceSchema,
  HumanTaskSchema,
  ProcessInstanceSchema,
  AuditEntrySchema,
  AuditSealSchema,
  IdempotencyRecordSchema,
  SupplierSchema,
  CostLayerSchema,
  LayerConsumptionSchema,
  ItemValuationSchema,
  RevaluationJobSchema,
  AccountSchema,
  AccountingPeriodSchema,
  CompanySettingsSchema,
  JournalEntrySchema,
  JournalLineSchema,
  PeriodClosingBalanceSchema,
  PurchaseOrderSchema,
  PurchaseOrderLineSchema,
  PurchaseDeliverySchema,
  RuleSetSchema,
  RuleSetVersionSchema,
  RuleDecisionSchema,
  ApiIdempotencyKeySchema,
  ProcessStartOutboxSchema,
  SavedViewSchema,
  SupplierReturnSchema,
  SupplierReturnLineSchema,
  TaxRateSchema,
  CustomerInvoiceTaxLineSchema,
  PaymentSchema,
  PaymentAllocationSchema,
  SupplierInvoiceSchema,
  SupplierInvoiceLineSchema,
  SupplierInvoiceMatchSchema,
  SubcontractFeeSettlementSchema,
  BomSchema,
  BomLineSchema,
  WorkCentreSchema,
  WorkCentreRateSchema,
  RoutingSchema,
  RoutingOperationSchema,
  ProductionOrderSchema,
  ProductionOrderComponentSchema,
  ProductionOrderOperationSchema,
  ProductionCostSchema,
  ProductionReportSchema,
  ForecastSchema,
  MrpRunSchema,
  MrpRunLevelSchema,
  MrpItemPlanSchema,
  MrpPlannedOrderSchema,
  MrpExceptionSchema,
  MrpPendingChangeSchema,
  SubcontractOrderSchema,
  SubcontractOrderComponentSchema,
  SubcontractDeliverySchema,
  InspectionPlanSchema,
  InspectionCharacteristicSchema,
  InspectionLotSchema,
  InspectionReadingSchema,
  InspectionDispositionSchema,
  NonconformanceSchema,
  CarrierReceiptSchema,
  CarrierReceiptLineSchema,
  PeriodCloseAbsorptionSchema,
  LoginThrottleSchema,
  AlertSchema,
  PackCheckPolicySchema,
  PackCheckAttemptSchema,
  PickFaceSchema,
  ScheduledWaveOrderSchema,
  StockTransferSchema,
];
