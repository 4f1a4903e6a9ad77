import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  cancelOrderUpdate,
  changeOrderLinesUpdate,
  FINAL_STEPS,
  ORDER_REJECTION,
  stockArrivedSignal,
  type CancelOrderArgs,
  type ChangeOrderLinesArgs,
  type OrderFulfillmentState,
} from './order-fulfillment.contract';
import { fulfillment } from './fulfillment-proxies';
import { registerWaveControls, type WaveControls } from './wave-step';

/** Steps in which line quantities may still change: nothing has been picked yet. */
const CHANGEABLE = new Set(['reserving', 'awaiting-pick', 'backordered']);

/** What people and receipts ask of a running order, as the workflow's main loop sees it. */
export interface OrderControls extends WaveControls {
  cancel: CancelOrderArgs | null;
  /** Bumped by every applied change: a pick round that started before it must re-allocate. */
  changes: number;
  /** Bumped by every receipt of an item the order waits for. */
  arrivals: number;
  /** `arrivals` when the last allocation started: a receipt after that point may have brought stock it missed. */
  arrivalsSeen: number;
}

/**
 * Registers the cancel and change updates and the stock-arrived signal. Validators refuse what the order can no
 * longer do (cancel after it shipped, change after picking), so a refused request leaves no trace in history and
 * never harms the workflow. `busy()` tells whether a pick or ship confirmation is already being processed.
 */
export function registerOrderControls(
  state: OrderFulfillmentState,
  identity: { workflowId: string; orderNumber: string },
  busy: () => boolean,
): OrderControls {
  const controls: OrderControls = {
    cancel: null,
    changes: 0,
    arrivals: 0,
    arrivalsSeen: 0,
    wave: null,
    wavePicks: null,
  };

  setHandler(
    cancelOrderUpdate,
    (args) => {
      controls.cancel = args;
      return { accepted: true as const, step: state.step };
    },
    {
      validator: (args: CancelOrderArgs) => {
        if (!args || typeof args.reason !== 'string' || args.reason.trim() === '') {
          throw ApplicationFailure.nonRetryable(`${ORDER_REJECTION.invalidChange}: reason is required`);
        }
        if (controls.cancel || FINAL_STEPS.includes(state.step) || busy()) {
          throw ApplicationFailure.nonRetryable(
            `${ORDER_REJECTION.notCancellable}: order ${identity.orderNumber} is ${state.step} and can no longer be cancelled`,
          );
        }
      },
    },
  );

  setHandler(
    changeOrderLinesUpdate,
    async (args) => {
      await fulfillment.applyOrderChange({ ...identity, changeNo: controls.changes + 1, ...args });
      controls.changes += 1;
      return { accepted: true as const };
    },
    { validator: (args: ChangeOrderLinesArgs) => validateChange(state, controls, args, busy()) },
  );

  setHandler(stockArrivedSignal, () => {
    controls.arrivals += 1;
  });
  registerWaveControls(state, controls, busy);
  return controls;
}

function validateChange(
  state: OrderFulfillmentState,
  controls: OrderControls,
  args: ChangeOrderLinesArgs,
  busy: boolean,
): void {
  if (controls.cancel || !CHANGEABLE.has(state.step) || state.staged.length > 0 || busy) {
    throw ApplicationFailure.nonRetryable(
      `${ORDER_REJECTION.notChangeable}: order ${state.orderNumber} is ${state.step}; quantities change only before picking`,
    );
  }
  const lines = Array.isArray(args?.lines) ? args.lines : null;
  const added = args?.addLines ?? [];
  if (!lines || !Array.isArray(added) || lines.length + added.length === 0) {
    throw ApplicationFailure.nonRetryable(`${ORDER_REJECTION.invalidChange}: lines must be a non-empty array`);
  }
  for (const [index, line] of lines.entries()) {
    const known = state.lines.some((candidate) => candidate.lineNo === line?.lineNo);
    if (!known) reject(`lines[${index}].lineNo is not on the order`);
    if (typeof line.quantity !== 'number' || !(line.quantity >= 0))
      reject(`lines[${index}].quantity must not be negative`);
  }
  for (const [index, line] of added.entries()) {
    if (typeof line?.itemSku !== 'string' || line.itemSku === '') reject(`addLines[${index}].itemSku is required`);
    if (typeof line.quantity !== 'number' || !(line.quantity > 0))
      reject(`addLines[${index}].quantity must be positive`);
  }
  const removed = new Set(lines.filter((line) => line.quantity === 0).map((line) => line.lineNo));
  if (added.length === 0 && state.lines.every((line) => removed.has(line.lineNo))) {
    reject('lines would leave the order empty; cancel it instead');
  }
}

function reject(detail: string): never {
  throw ApplicationFailure.nonRetryable(`${ORDER_REJECTION.invalidChange}: ${detail}`);
}
