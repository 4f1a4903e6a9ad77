import { spawnSync } from 'node:child_process';
import type { Connection } from '@temporalio/client';
import { findFreePort } from '../scripts/ports';
import { lazyTemporalConnection } from './temporal';

jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a call to a Temporal that is not there; resolves with how it ended (the deadline is far away). */
function callNowhere(connection: Connection): Promise<string> {
  const call = connection.withDeadline(Date.now() + 20_000, () => connection.workflowService.getSystemInfo({}));
  return call.then(
    () => 'answered',
    (error: Error) => error.message,
  );
}

// A caller that stops waiting (as the readiness probe does at 2 s) leaves the client retrying a Temporal that is not
// there; closing the connection then must not make a pending retry throw "Channel has been shut down" from its timer
// (an uncaught exception, which fails this test and would crash the API at shutdown). Twenty connections are closed
// 25 ms apart, so some close lands as a retry's timer fires, whatever this machine's timing.
test('closing while calls still retry an unreachable Temporal: no uncaught error, every call ends', async () => {
  const address = `127.0.0.1:${await findFreePort()}`;
  const connections = Array.from({ length: 20 }, () => lazyTemporalConnection({ address }));
  const ended = connections.map(callNowhere);
  await sleep(300);
  for (const connection of connections) {
    await connection.close();
    await sleep(25);
  }
  for (const end of ended) await expect(end).resolves.toMatch(/UNAVAILABLE|CANCELLED/);
  // Past the longest retry the SDK would have scheduled (5 s plus jitter).
  await sleep(6_500);
});

// The same scenario with the SDK's own lazy connection, in a child process (Jest keeps uncaught errors to itself): a
// retry's timer meets the closed channel. Shows that the scenario above is one that fails without the guard.
test('the SDK connection alone: closing under pending retries leaves a timer that meets the closed channel', async () => {
  const address = `127.0.0.1:${await findFreePort()}`;
  const script = `
    const { Connection } = require('@temporalio/client');
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    (async () => {
      const connections = Array.from({ length: 20 }, () => Connection.lazy({ address: '${address}' }));
      for (const c of connections) c.withDeadline(Date.now() + 20000, () => c.workflowService.getSystemInfo({})).catch(() => {});
      await sleep(300);
      for (const c of connections) { await c.close(); await sleep(25); }
      await sleep(6500);
    })();`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8', timeout: 25_000 });
  expect(child.stderr).toContain('Channel has been shut down');
});
