import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PickWaveInput } from '../../workflows/pick-wave/pick-wave.contract';
import type { ReleasedWave, WaveReleaseInput } from '../../workflows/wave-release/wave-release.contract';
import { runOnce, type ActivityDeps } from '../context';
import { planScheduledWaves, SCHEDULE_USER } from './plan-scheduled-waves';

/** Scheduled wave release (issue 20): plan once per fire time, then start each planned wave's workflow. */
export function createWaveReleaseActivities(deps: ActivityDeps) {
  return {
    /** Plans the run's waves once: a retry (or a replayed run) gets the plan the first attempt committed. */
    async planScheduledWaves(input: WaveReleaseInput & { scheduleWorkflowId: string; firedAt: string }) {
      const key = `${input.warehouseCode}@${input.firedAt}`;
      return runOnce(deps, 'planScheduledWaves', key, (em) => planScheduledWaves(em, input));
    },

    /**
     * Starts each planned wave's pick-wave:<id> workflow (the id pickWaveWorkflowId gives) on this worker's task queue.
     * A wave already started (by this activity's earlier attempt) is left as it is: nothing starts twice.
     */
    async startScheduledWaves(input: { waves: ReleasedWave[]; pickSlaMinutes: number }) {
      const { client, info } = Context.current();
      const started: string[] = [];
      for (const wave of input.waves) {
        const args: PickWaveInput = {
          waveId: wave.waveId,
          orderNumbers: wave.orderNumbers,
          requestedBy: SCHEDULE_USER,
          pickSlaMinutes: input.pickSlaMinutes,
          cutoffAt: wave.cutoffAt,
        };
        try {
          await client.workflow.start('pickWave', {
            taskQueue: info.taskQueue,
            workflowId: `pick-wave:${wave.waveId}`,
            args: [args],
          });
          started.push(wave.waveId);
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
      return { started };
    },
  };
}
