import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../processes';
import { composeTemporalVersion } from './temporal-binaries';

/**
 * Keeps docker-compose.yml from rotting where no Docker daemon runs: `docker-compose config -q` (Debian's
 * docker-compose package; it parses and validates the file without a daemon) must accept it, and it must still be the
 * topology `npm run stack:cluster` proves natively: PostgreSQL, a Temporal server of a pinned auto-setup version with
 * its set-up job, the migration job, two workers and two API nodes.
 */
function main(): void {
  const file = join(REPO_ROOT, 'docker-compose.yml');
  const result = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`docker-compose could not run (apt-get install docker-compose): ${result.error.message}`);
  }
  if (result.status !== 0) throw new Error(`docker-compose rejects ${file}:\n${result.stderr.trim()}`);

  const services = spawnSync('docker-compose', ['-f', file, 'config', '--services'], { encoding: 'utf8' });
  if (services.status !== 0) throw new Error(`docker-compose config --services failed:\n${services.stderr.trim()}`);
  const listed = new Set(services.stdout.split('\n').map((line) => line.trim()));
  const expected = ['postgres', 'temporal', 'temporal-setup', 'migrate', 'worker', 'worker-2', 'api', 'api-2'];
  const missing = expected.filter((name) => !listed.has(name));
  if (missing.length > 0) {
    throw new Error(`docker-compose.yml lost services the cluster topology has: ${missing.join(', ')}`);
  }
  const version = composeTemporalVersion(readFileSync(file, 'utf8'));
  console.log(`docker-compose.yml is valid: ${[...listed].filter(Boolean).join(', ')}; Temporal ${version}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
