import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../processes';

/** The Temporal server module; its `cmd/server` and `cmd/tools/sql` are what the auto-setup image runs. */
const SERVER_MODULE = 'go.temporal.io/server';

/**
 * The Temporal server version docker-compose.yml runs (the `temporalio/auto-setup:<version>` image), so the native
 * cluster and the compose stack cannot drift apart: change the image tag and the next `npm run stack:cluster`
 * builds that version.
 */
export function composeTemporalVersion(composeText: string): string {
  const match = /image:\s*['"]?temporalio\/auto-setup:(\d+\.\d+\.\d+)['"]?\s*$/m.exec(composeText);
  if (!match?.[1]) throw new Error('docker-compose.yml names no temporalio/auto-setup:<x.y.z> image');
  return match[1];
}

export function readComposeTemporalVersion(): string {
  return composeTemporalVersion(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
}

/** The server binary, the SQL schema tool and the schema directories of one Temporal server version. */
export interface TemporalServerBinaries {
  version: string;
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12/temporal/versioned` and `.../visibility/versioned` of the same module version. */
  schema: { temporal: string; visibility: string };
  /** Whether this call built them (the first run on a machine: minutes of `go install`). */
  builtNow: boolean;
}

/**
 * The Temporal server and its SQL tool, `go install`ed once into `<cacheDir>/temporal-server-<version>` (as the
 * CLI is: scripts/temporal-cli.ts) and reused from there. The schema files come from the same module version in
 * the Go module cache, where the install put them. Fails with a sentence saying what is missing: there is no
 * other route to a Temporal server that runs on PostgreSQL here (no Docker daemon, no release downloads).
 */
export function resolveTemporalServer(
  cacheDir: string,
  version: string,
  log: (line: string) => void,
): TemporalServerBinaries {
  const binDir = join(cacheDir, `temporal-server-${version}`);
  const server = join(binDir, 'server');
  const sqlTool = join(binDir, 'sql');
  let builtNow = false;
  if (!existsSync(server) || !existsSync(sqlTool)) {
    log(`building the Temporal server v${version} and its SQL tool with go install into ${binDir} (one time, minutes)`);
    mkdirSync(binDir, { recursive: true });
    const result = spawnSync(
      'go',
      ['install', `${SERVER_MODULE}/cmd/server@v${version}`, `${SERVER_MODULE}/cmd/tools/sql@v${version}`],
      {
        cwd: binDir, // outside the repository: `go install pkg@version` ignores any go.mod, but say so plainly
        env: { ...process.env, GOBIN: binDir, GOFLAGS: '-buildvcs=false' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (result.error) throw new Error(`go install could not run (is Go installed?): ${result.error.message}`);
    if (result.status !== 0 || !existsSync(server) || !existsSync(sqlTool)) {
      throw new Error(`go install of ${SERVER_MODULE} v${version} failed (exit ${result.status ?? result.signal})`);
    }
    builtNow = true;
  }
  const moduleDir = join(goModCache(), `${SERVER_MODULE}@v${version}`);
  const schemaRoot = join(moduleDir, 'schema', 'postgresql', 'v12');
  const schema = {
    temporal: join(schemaRoot, 'temporal', 'versioned'),
    visibility: join(schemaRoot, 'visibility', 'versioned'),
  };
  if (!existsSync(schema.temporal) || !existsSync(schema.visibility)) {
    // Cached binaries but a cleaned module cache: fetch the module (sources only, no build) for its schema files.
    log(`fetching the schema files of ${SERVER_MODULE} v${version} into the Go module cache`);
    execFileSync('go', ['mod', 'download', `${SERVER_MODULE}@v${version}`], {
      cwd: binDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  if (!existsSync(schema.temporal)) throw new Error(`no PostgreSQL schema at ${schema.temporal}`);
  return { version, server, sqlTool, schema, builtNow };
}

function goModCache(): string {
  try {
    return execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(`go env GOMODCACHE failed (is Go installed?): ${String(error)}`);
  }
}
