import { benchDatabase } from './harness';
import { postingBench } from './posting.bench';

/** `npm run bench`: every benchmark, each reported as a ratio to a baseline measured in the same run. */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const db = await benchDatabase();
  try {
    await postingBench(db.orm, seconds);
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
