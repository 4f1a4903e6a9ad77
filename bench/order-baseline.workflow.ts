import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The order bench's baseline: a workflow with the shape of an order's happy path and none of its work. It runs
 * `segments[0]` no-op activities, then for each later segment waits for a `completeStep` update (as an order
 * waits for its pick, pack and ship tasks) whose handler runs one no-op activity (as the order's update handler
 * records the completion), then runs the rest of that segment. Bundled on its own (not in the production barrel)
 * for a second worker on its own task queue.
 */
export interface OrderBaselineInput {
  /** Activities before the first wait, then after each wait (counting the one its update handler runs). */
  segments: number[];
}

/** Completes wait `step` (1-based) once the workflow has reached it; the handler holds the update until then. */
export const completeStepUpdate = defineUpdate<number, [number]>('completeStep');

/** The baseline worker's only activity. */
export interface BaselineActivities {
  noop(): Promise<void>;
}

/** The same activity options as the order's database activities (workflows/order-fulfillment/fulfillment-proxies). */
const { noop } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export async function orderBaseline(input: OrderBaselineInput): Promise<number> {
  const [before = 0, ...afterWaits] = input.segments;
  let waitingAt = 0;
  let completed = 0;
  let activities = 0;
  const run = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await noop();
      activities += 1;
    }
  };
  setHandler(
    completeStepUpdate,
    async (step) => {
      await condition(() => waitingAt === step);
      await run(1);
      completed = step;
      return step;
    },
    {
      validator: (step) => {
        if (!Number.isInteger(step) || step <= completed || step > afterWaits.length) {
          throw new Error(`no wait ${step} to complete`);
        }
      },
    },
  );
  await run(before);
  for (const [index, after] of afterWaits.entries()) {
    waitingAt = index + 1;
    await condition(() => completed === waitingAt);
    await run(Math.max(0, after - 1));
  }
  return activities;
}
