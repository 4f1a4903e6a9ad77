import { findFreePort } from '../scripts/ports';
import { lazyTemporalConnection } from './temporal';

jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A caller that stops waiting (as the readiness probe does at 2 s) leaves the client retrying a Temporal that is not
// there; closing the connection then must not make a pending retry throw "Channel has been shut down" from its timer
// (an uncaught exception, which fails this test and would crash the API at shutdown).
test('closing while a call still retries an unreachable Temporal: no uncaught error, the call ends', async () => {
  const connection = lazyTemporalConnection({ address: `127.0.0.1:${await findFreePort()}` });
  const call = connection.withDeadline(Date.now() + 20_000, () => connection.workflowService.getSystemInfo({}));
  const ended = call.then(
    () => 'answered',
    (error: Error) => error.message,
  );
  // Long enough for a few refused attempts; the call is then between retries (the deadline is far away).
  await sleep(500);
  await connection.close();
  await expect(ended).resolves.toMatch(/UNAVAILABLE|CANCELLED/);
  // Past the longest retry the SDK would have scheduled (5 s plus jitter).
  await sleep(6_500);
});
