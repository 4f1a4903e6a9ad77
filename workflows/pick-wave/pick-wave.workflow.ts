import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { orderFulfillmentWorkflowId, type ConfirmedPick } from '../order-fulfillment/order-fulfillment.contract';
import { CURRENT_STEP } from '../search-attributes';
import {
  getWaveStateQuery,
  joinWaveSignal,
  PICK_WAVE,
  WAVE_DEFAULTS,
  waveOrderJoinedSignal,
  waveOrderLeftSignal,
  wavePickedSignal,
  type PickWaveInput,
  type PickWaveState,
  type PickWaveStep,
  type WavePickedItem,
  type WaveZonePath,
} from './pick-wave.contract';
import { findSortProblem, findZonePickProblem, proposedPuts } from './wave-validation';
import { waveReplenishment } from './wave-replenishment';

const waves = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * A pick wave (issue 20): invites its orders (each reports what its own allocation, under its own pinned rules,
 * reserved), plans one path per zone through the bins in walking order (each bin once for all orders), has the pick
 * faces its picks would take below their minimum filled from reserve storage first (the zones holding them wait for
 * that replenishment task), sends one pick task per zone, then one sort task that puts each picked quantity to its order, and hands every order its
 * puts: each order's own workflow confirms them as its pick (short picks re-allocate or backorder there) and goes on
 * to packing. An order cancelled or changed before the sort leaves the wave; its own workflow compensates.
 */
export async function pickWave(input: PickWaveInput): Promise<PickWaveState> {
  const { workflowId, runId } = workflowInfo();
  const state: PickWaveState = {
    waveId: input.waveId,
    step: 'joining',
    orders: input.orderNumbers.map((orderNumber) => ({
      orderNumber,
      status: 'invited',
      round: null,
      lines: [],
      reason: null,
    })),
    paths: [],
    visits: null,
    picked: [],
    sortedBy: null,
  };
  setHandler(getWaveStateQuery, () => state);
  const order = (orderNumber: string) => state.orders.find((o) => o.orderNumber === orderNumber);
  setHandler(waveOrderJoinedSignal, (joined) => {
    const member = order(joined.orderNumber);
    if (member?.status !== 'invited') return;
    Object.assign(member, { status: 'joined', round: joined.round, lines: joined.lines });
  });
  setHandler(waveOrderLeftSignal, (left) => {
    const member = order(left.orderNumber);
    if (!member || member.status === 'released') return;
    Object.assign(member, { status: 'left', reason: left.reason });
  });
  const tasks = createTaskBoard();
  const enter = async (step: PickWaveStep, status: 'running' | 'completed' | 'cancelled' = 'running') => {
    state.step = step;
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    const processType = PICK_WAVE;
    await waves.recordProcessStep({ workflowId, runId, processType, businessKey: input.waveId, step, status });
  };
  const joined = () => state.orders.filter((o) => o.status === 'joined');

  await enter('joining');
  for (const member of state.orders) {
    const handle = getExternalWorkflowHandle(orderFulfillmentWorkflowId(member.orderNumber));
    await handle.signal(joinWaveSignal, { waveId: input.waveId, waveWorkflowId: workflowId }).catch(() => {
      Object.assign(member, { status: 'left', reason: 'the order has no running workflow' });
    });
  }
  const joinMs = (input.joinTimeoutMinutes ?? WAVE_DEFAULTS.joinTimeoutMinutes) * 60_000;
  await condition(() => state.orders.every((o) => o.status !== 'invited'), joinMs);
  for (const late of state.orders.filter((o) => o.status === 'invited')) {
    Object.assign(late, { status: 'left', reason: 'did not join in time' });
  }

  await enter('planning');
  const picks = joined().flatMap((o) =>
    o.lines.flatMap((line) =>
      line.picks.map((pick) => ({
        orderNumber: o.orderNumber,
        lineNo: line.lineNo,
        itemSku: line.itemSku,
        locationCode: pick.locationCode,
        lotCode: pick.lotCode,
        quantity: pick.quantity,
      })),
    ),
  );
  const plan = await waves.planWavePaths({ picks });
  state.paths = plan.paths;
  state.visits = plan.visits;
  const everyoneLeft = () => joined().length === 0;
  const slaMs = input.pickSlaMinutes * 60_000;
  // Pick faces the wave would take below their minimum are filled first (issue 20); older waves never looked.
  const faces = patched('pick-wave-replenishment') ? await waves.planWaveReplenishment({ picks }) : [];
  const replenish =
    faces.length > 0
      ? waveReplenishment({ input, workflowId, tasks, paths: state.paths, faces, slaMs, everyoneLeft })
      : null;
  if (replenish) state.replenishment = replenish.state;
  const cutoff = input.cutoffAt ? { cutoffAt: input.cutoffAt } : {};

  await enter('picking');
  const zonePick = async (path: WaveZonePath) => {
    await replenish?.waitForZone(path.zoneCode);
    if (everyoneLeft()) return;
    const outcome = await tasks.runUntil(
      {
        taskId: `${workflowId}:pick:${path.zoneCode}`,
        taskType: 'wave-pick',
        title: `Pick wave ${input.waveId}, zone ${path.zoneCode} (${path.stops.length} bins)`,
        processType: PICK_WAVE,
        businessKey: input.waveId,
        candidateRole: 'clerk',
        priority: 'normal',
        slaMs,
        formKind: 'wave-pick',
        payload: { waveId: input.waveId, zoneCode: path.zoneCode, stops: path.stops, ...cutoff },
        requiredFields: ['picked'],
      },
      (payload) => findZonePickProblem(path, payload),
      { interruptWhen: everyoneLeft },
    );
    if (outcome.kind !== 'completed') return;
    const picked = outcome.completion.payload.picked as WavePickedItem[];
    state.picked.push({ zoneCode: path.zoneCode, pickedBy: outcome.completion.completedBy, picked });
  };
  await Promise.all([...(replenish ? [replenish.run()] : []), ...state.paths.map(zonePick)]);
  if (everyoneLeft()) return finish('cancelled');

  await enter('sorting');
  const picked = state.picked.flatMap((zone) => zone.picked);
  const sort = await tasks.runUntil(
    {
      taskId: `${workflowId}:sort`,
      taskType: 'wave-sort',
      title: `Sort wave ${input.waveId} to its orders`,
      processType: PICK_WAVE,
      businessKey: input.waveId,
      candidateRole: 'clerk',
      priority: 'normal',
      slaMs,
      formKind: 'wave-sort',
      payload: { waveId: input.waveId, picked, proposed: proposedPuts(state.orders, picked), ...cutoff },
      requiredFields: ['puts'],
    },
    (payload) => findSortProblem(state.orders, picked, payload),
    { interruptWhen: everyoneLeft },
  );
  if (sort.kind !== 'completed') return finish('cancelled');
  state.sortedBy = sort.completion.completedBy;

  await enter('releasing');
  const puts = (sort.completion.payload.puts ?? []) as Array<ConfirmedPick & { orderNumber: string }>;
  for (const member of joined()) {
    const picks = puts
      .filter((put) => put.orderNumber === member.orderNumber)
      .map(({ lineNo, locationCode, lotCode, quantity }) => ({ lineNo, locationCode, lotCode, quantity }));
    const handle = getExternalWorkflowHandle(orderFulfillmentWorkflowId(member.orderNumber));
    const handed = { waveId: input.waveId, picks, pickedBy: state.sortedBy };
    await handle.signal(wavePickedSignal, handed).then(
      () => Object.assign(member, { status: 'released' }),
      () => Object.assign(member, { status: 'left', reason: 'the order workflow has ended' }),
    );
  }
  return finish('completed');

  async function finish(step: 'completed' | 'cancelled'): Promise<PickWaveState> {
    // Orders still waiting (a wave with nobody left to sort for) are dropped: they go back to picking alone.
    for (const member of joined()) {
      const handle = getExternalWorkflowHandle(orderFulfillmentWorkflowId(member.orderNumber));
      await handle
        .signal(wavePickedSignal, { waveId: input.waveId, picks: null, pickedBy: input.requestedBy })
        .catch(() => undefined);
      Object.assign(member, { status: 'left', reason: 'the wave ended without picking it' });
    }
    await enter(step, step);
    return state;
  }
}
