import type { ChaosServers, WorkerSupervisor } from './stack';

/** One fault of the run, due once this share of the task completions has gone through. */
export interface ChaosEvent {
  kind: 'kill-worker' | 'restart-postgres' | 'restart-temporal';
  at: number;
}

/**
 * Where the faults fall: `kills` worker SIGKILLs at random points spread over the run (5 % to 90 % of the task
 * completions, one in each of `kills` equal stretches), one PostgreSQL restart in its second quarter and one
 * Temporal restart in its third, in order of when they are due. Placed along the work done rather than the clock,
 * so a small run meets them all too.
 */
export function chaosPlan(random: () => number, kills: number): ChaosEvent[] {
  const events: ChaosEvent[] = [
    // One kill at a random point of each of `kills` equal stretches: spread over the whole run, never bunched.
    ...Array.from({ length: kills }, (_, i) => ({
      kind: 'kill-worker' as const,
      at: 0.05 + ((i + random()) * 0.85) / kills,
    })),
    { kind: 'restart-postgres', at: 0.25 + random() * 0.2 },
    { kind: 'restart-temporal', at: 0.5 + random() * 0.2 },
  ];
  return events.sort((a, b) => a.at - b.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the plan beside the drivers: waits until each event is due (or the driving is over: the rest then hit the
 * instances still finishing), waits a random 0-2 s more so a fault lands at no particular step, and strikes. One
 * event at a time: each waits until the worker is polling again.
 */
export async function runChaos(
  events: ChaosEvent[],
  context: {
    random: () => number;
    progress: () => number;
    drivingDone: () => boolean;
    worker: WorkerSupervisor;
    servers: ChaosServers;
    say: (line: string) => void;
  },
): Promise<void> {
  const { random, worker, servers, say } = context;
  for (const event of events) {
    while (context.progress() < event.at && !context.drivingDone()) await sleep(200);
    await sleep(random() * 2_000);
    const at = `${(context.progress() * 100).toFixed(0)} %`;
    if (event.kind === 'kill-worker') {
      const killed = await worker.kill(random() * 3_000);
      say(killed ? `SIGKILLed the worker at ${at} (kill ${worker.kills}); a new one is polling` : 'no worker to kill');
    } else if (event.kind === 'restart-postgres') {
      say(`stopping PostgreSQL at ${at} ...`);
      await servers.restartPg(3_000 + random() * 3_000);
      say('PostgreSQL is back');
    } else {
      say(`stopping the Temporal server at ${at} ...`);
      await servers.restartTemporal(3_000 + random() * 3_000);
      say('Temporal is back');
    }
    await worker.ready();
  }
}
