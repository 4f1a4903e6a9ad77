import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { intEnv } from '../support/int-env';

jest.setTimeout(120_000);

const ROOT = join(__dirname, 'histories');

/** Every recorded history under test/replay/histories/<process>/<case>.json. */
function recordedHistories() {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const recorded = JSON.parse(readFileSync(join(ROOT, dir.name, file), 'utf8')) as {
            workflowId: string;
            history: string;
          };
          const history = temporal.api.history.v1.History.decode(Buffer.from(recorded.history, 'base64'));
          return { name: `${dir.name}/${file}`, workflowId: recorded.workflowId, history };
        }),
    );
}

/**
 * Determinism guard: histories recorded from real runs (short picks, backorders, cancellations at each step, credit
 * holds ...) must replay under the current workflow code. A change that alters the commands an existing history
 * expects fails here, before it can break instances in flight. Re-record with MW_RECORD_HISTORIES=1 only for a
 * deliberate, versioned change (patched() or a new workflow type).
 */
describe('recorded workflow histories replay under the current code', () => {
  const histories = recordedHistories();

  test('there are recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(8);
  });

  test('every history replays without a determinism error', async () => {
    const results: Array<{ name: string; error: string | null }> = [];
    const byWorkflowId = new Map(histories.map((entry) => [entry.workflowId, entry.name]));
    const replays = Worker.runReplayHistories(
      { workflowBundle: { codePath: intEnv().bundlePath }, replayName: 'millwright-replay' },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    for await (const result of replays) {
      results.push({
        name: byWorkflowId.get(result.workflowId) ?? result.workflowId,
        error: result.error?.message ?? null,
      });
    }
    expect(results.filter((result) => result.error !== null)).toEqual([]);
    expect(results).toHaveLength(histories.length);
  });
});
