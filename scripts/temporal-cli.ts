import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Temporal CLI release we build from source when no binary is on PATH (newer tags cannot be go-installed). */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** How the dev server binary was obtained; printed so users know which route ran. */
export type TemporalCliRoute =
  | { kind: 'path'; binary: string }
  | { kind: 'go-install'; binary: string; cached: boolean }
  | { kind: 'sdk-download'; downloadDir: string };

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; keep looking
    }
  }
  return undefined;
}

/**
 * Finds a Temporal CLI in order: `temporal` on PATH, a binary cached under `cacheDir` by an earlier
 * `go install`, a fresh `go install` into that cache, and finally the SDK's own download (needs internet).
 */
export function resolveTemporalCli(cacheDir: string, log: (line: string) => void): TemporalCliRoute {
  const onPath = findOnPath('temporal');
  if (onPath) return { kind: 'path', binary: onPath };

  const binDir = join(cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`);
  const cached = join(binDir, 'temporal');
  if (existsSync(cached)) return { kind: 'go-install', binary: cached, cached: true };

  const go = findOnPath('go');
  if (go) {
    log(`building the Temporal CLI v${TEMPORAL_CLI_VERSION} with go install into ${binDir} (one time, a few minutes)`);
    mkdirSync(binDir, { recursive: true });
    const result = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: binDir, GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status === 0 && existsSync(cached)) return { kind: 'go-install', binary: cached, cached: false };
    log(`go install failed (exit ${result.status ?? result.signal}); falling back to the SDK download`);
  }
  return { kind: 'sdk-download', downloadDir: join(cacheDir, 'sdk-download') };
}

/** One line for the console saying which route supplied the Temporal server. */
export function describeRoute(route: TemporalCliRoute): string {
  if (route.kind === 'path') return `Temporal CLI: on PATH (${route.binary})`;
  if (route.kind === 'go-install') {
    return `Temporal CLI: go install v${TEMPORAL_CLI_VERSION} (${route.cached ? 'cached' : 'built now'}: ${route.binary})`;
  }
  return `Temporal CLI: SDK download into ${route.downloadDir}`;
}
