import { Type } from '@angular/core';
import { ProductionCompletionForm } from '../manufacturing/production-tasks/production-completion-form';
import { ProductionKitPickForm } from '../manufacturing/production-tasks/production-kit-pick-form';
import { ProductionMergedPickForm } from '../manufacturing/production-tasks/production-merged-pick-form';
import { ProductionOperationForm } from '../manufacturing/production-tasks/production-operation-form';
import { ProductionOverdueForm } from '../manufacturing/production-tasks/production-overdue-form';
import { MrpReviewForm } from '../planning/mrp-review-form';
import { InvoiceMatchApprovalForm } from '../supplier-invoices/invoice-match-approval-form';
import { SupplierReturnForm } from '../supplier-returns/supplier-return-form';
import { WavePickForm } from '../waves/wave-pick-form';
import { WaveReplenishForm } from '../waves/wave-replenish-form';
import { WaveSortForm } from '../waves/wave-sort-form';
import { CreditApprovalForm } from './credit-approval-form';
import { GoodsReceiptForm } from './goods-receipt-form';
import { JsonTaskForm } from './json-task-form';
import { PackForm } from './pack-form';
import { PeriodCloseApprovalForm } from './period-close-approval-form';
import { PickConfirmationForm } from './pick-confirmation-form';
import { PutawayForm } from './putaway-form';
import { QUALITY_TASK_FORMS } from './quality-task-forms';
import { ShipForm } from './ship-form';
import { StockCountApprovalForm } from './stock-count-approval-form';
import { StockCountForm } from './stock-count-form';
import { SubcontractApprovalForm } from './subcontract-approval-form';
import { SubcontractReturnForm } from './subcontract-return-form';
import { SupplierReceiptForm } from './supplier-receipt-form';

/** Everything the task page can hand a form; each form takes the inputs its entry names. */
export interface TaskFormContext {
  payload: unknown;
  /** What the task was completed with (a completed task's form shows it read-only). */
  outcome: unknown;
  readonly: boolean;
  busy: boolean;
  /** The last refusal (the HTTP error), for forms that place it on the field it names. */
  refusal: unknown;
  /** The last refusal's message, for forms that show it as one line. */
  serverError: string | null;
}

/** A task form: its component (with a `confirmed` output carrying the completion) and the inputs it takes. */
export interface TaskFormEntry {
  component: Type<unknown>;
  inputs: ReadonlyArray<keyof TaskFormContext>;
  /** It shows a refusal naming a field on that field itself, so the page does not repeat it. */
  showsRefusals?: boolean;
}

const COMMON = ['payload', 'outcome', 'readonly', 'busy'] as const;

/**
 * The form of each task kind (`human_task.form_kind`). A new process's task adds its line here; a kind not listed
 * gets the JSON form.
 */
export const TASK_FORMS: Readonly<Record<string, TaskFormEntry>> = {
  'pick-confirmation': { component: PickConfirmationForm, inputs: COMMON },
  'goods-receipt': { component: GoodsReceiptForm, inputs: COMMON },
  putaway: { component: PutawayForm, inputs: COMMON },
  pack: { component: PackForm, inputs: [...COMMON, 'serverError'], showsRefusals: true },
  ship: { component: ShipForm, inputs: COMMON },
  'credit-approval': { component: CreditApprovalForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'invoice-match-approval': { component: InvoiceMatchApprovalForm, inputs: COMMON },
  'supplier-return': { component: SupplierReturnForm, inputs: ['payload', 'readonly', 'busy'] },
  'stock-count': { component: StockCountForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'stock-count-approval': { component: StockCountApprovalForm, inputs: COMMON },
  'production-kit-pick': { component: ProductionKitPickForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'production-merged-pick': {
    component: ProductionMergedPickForm,
    inputs: [...COMMON, 'refusal'],
    showsRefusals: true,
  },
  'production-operation': { component: ProductionOperationForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'production-completion': { component: ProductionCompletionForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'production-overdue': { component: ProductionOverdueForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'mrp-review': { component: MrpReviewForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'supplier-receipt': { component: SupplierReceiptForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'subcontract-approval': { component: SubcontractApprovalForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'subcontract-return': { component: SubcontractReturnForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'period-close-approval': { component: PeriodCloseApprovalForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'wave-pick': { component: WavePickForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'wave-sort': { component: WaveSortForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  'wave-replenish': { component: WaveReplenishForm, inputs: [...COMMON, 'refusal'], showsRefusals: true },
  ...QUALITY_TASK_FORMS,
};

/** Any other task: its payload as JSON, completed with JSON. */
export const FALLBACK_TASK_FORM: TaskFormEntry = { component: JsonTaskForm, inputs: ['payload', 'readonly', 'busy'] };

/** The entry for a task kind (the fallback for an unknown kind or a task without a payload). */
export function taskFormOf(formKind: string | null | undefined, payload: unknown): TaskFormEntry {
  const entry = formKind ? TASK_FORMS[formKind] : undefined;
  return entry && payload !== null && payload !== undefined ? entry : FALLBACK_TASK_FORM;
}
