import { loadConfig } from '../config/env';
import { describeRoute, resolveTemporalCli } from './temporal-cli';

/**
 * Resolves (and on a new machine builds) the Temporal CLI before the test runners start, so the one-time
 * `go install` of several minutes happens here, in plain sight, rather than inside a Jest global set-up that
 * waits for its servers with a timeout.
 */
function main(): void {
  const route = resolveTemporalCli(loadConfig().cacheDir, (line) => console.log(`[millwright] ${line}`));
  console.log(`[millwright] ${describeRoute(route)}`);
}

main();
