import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { VersioningBehavior, WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { WorkerDeploymentOptions } from '@temporalio/worker';

/**
 * Worker versioning (Temporal worker deployments): a worker that names a deployment and a build id polls as that
 * deployment version, and every workflow it starts stays PINNED to it until the workflow ends. A release therefore
 * never runs instances started under older workflow code with the new code: their tasks go only to workers of their
 * own build id, which keep running until those instances have drained (see the README's "Upgrading").
 *
 * Opt in with MILLWRIGHT_DEPLOYMENT_NAME (e.g. `millwright`); MILLWRIGHT_BUILD_ID names the build (default: the
 * build id `npm run build` wrote to dist/build-info.json, else the hash of the workflow bundle the worker loads, else
 * the package version and git commit). Without a deployment name the worker polls unversioned, as before.
 */
export interface VersioningSettings {
  deploymentName: string;
  buildId: string;
  /** How workflows started on this build move between builds (PINNED unless MILLWRIGHT_VERSIONING_BEHAVIOR says). */
  behavior: VersioningBehavior;
  /** Where the build id came from, for the worker's start-up line. */
  source: 'MILLWRIGHT_BUILD_ID' | 'build-info' | 'bundle-hash' | 'package-git';
}

/** What `npm run build` writes beside the compiled code (dist/build-info.json). */
export interface BuildInfo {
  buildId: string;
  version: string;
  gitSha: string | null;
  /** sha256 of the prebuilt workflow bundle (dist/workflow-bundle.js), first 16 hex digits. */
  bundleHash: string;
  builtAt: string;
}

export const BUILD_INFO_FILE = 'build-info.json';

/** The root of the running code: the repository for the TypeScript sources, dist/ for the compiled build. */
const CODE_ROOT = join(__dirname, '..');

/** Temporal's limit on a build id, and the characters we allow in one (no `.`-free rule: the server keeps fields). */
const BUILD_ID = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** First 16 hex digits of sha256: the build id part that names one workflow bundle's code. */
export function contentHash(code: string | Buffer): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 16);
}

/** The build id for a version and its bundle: `0.1.0-<bundle hash>`; the same workflow code gives the same id. */
export function buildIdFor(version: string, bundleHash: string): string {
  return `${version}-${bundleHash}`;
}

/** The package version of the running code (its package.json, or the one `npm run build` copied into dist). */
export function packageVersion(root = CODE_ROOT): string {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return '0.0.0';
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
}

/** The checkout's commit (short), or null outside a git checkout (a Docker build context has no .git). */
export function gitSha(root = CODE_ROOT): string | null {
  const result = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() ? result.stdout.trim() : null;
}

export function readBuildInfo(root = CODE_ROOT): BuildInfo | undefined {
  const file = join(root, BUILD_INFO_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BuildInfo) : undefined;
}

/**
 * The worker's versioning from its environment, or undefined when MILLWRIGHT_DEPLOYMENT_NAME is unset (unversioned).
 * `bundlePath` is the prebuilt workflow bundle the worker loads, if any (MILLWRIGHT_WORKFLOW_BUNDLE).
 */
export function versioningFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: { bundlePath?: string; root?: string } = {},
): VersioningSettings | undefined {
  const deploymentName = env.MILLWRIGHT_DEPLOYMENT_NAME?.trim();
  if (!deploymentName) return undefined;
  if (!DEPLOYMENT_NAME.test(deploymentName)) {
    throw new Error(
      `Invalid configuration: MILLWRIGHT_DEPLOYMENT_NAME: letters, digits, _ and - only (got ${deploymentName})`,
    );
  }
  const behaviorText = (env.MILLWRIGHT_VERSIONING_BEHAVIOR?.trim() || 'PINNED').toUpperCase();
  if (behaviorText !== 'PINNED' && behaviorText !== 'AUTO_UPGRADE') {
    throw new Error(
      `Invalid configuration: MILLWRIGHT_VERSIONING_BEHAVIOR: PINNED or AUTO_UPGRADE (got ${behaviorText})`,
    );
  }
  const { buildId, source } = resolveBuildId(env, options);
  if (!BUILD_ID.test(buildId)) {
    throw new Error(`Invalid configuration: MILLWRIGHT_BUILD_ID: up to 128 of A-Z a-z 0-9 . _ + - (got ${buildId})`);
  }
  return { deploymentName, buildId, behavior: behaviorText, source };
}

function resolveBuildId(
  env: NodeJS.ProcessEnv,
  options: { bundlePath?: string; root?: string },
): Pick<VersioningSettings, 'buildId' | 'source'> {
  const root = options.root ?? CODE_ROOT;
  const explicit = env.MILLWRIGHT_BUILD_ID?.trim();
  if (explicit) return { buildId: explicit, source: 'MILLWRIGHT_BUILD_ID' };
  const info = readBuildInfo(root);
  if (info) return { buildId: info.buildId, source: 'build-info' };
  if (options.bundlePath && existsSync(options.bundlePath)) {
    const hash = contentHash(readFileSync(options.bundlePath));
    return { buildId: buildIdFor(packageVersion(root), hash), source: 'bundle-hash' };
  }
  const sha = gitSha(root);
  if (!sha) {
    throw new Error(
      'Worker versioning is on (MILLWRIGHT_DEPLOYMENT_NAME) but no build id could be derived: set MILLWRIGHT_BUILD_ID',
    );
  }
  return { buildId: `${packageVersion(root)}-${sha}`, source: 'package-git' };
}

/** The Worker.create options for a versioned worker. */
export function deploymentOptions(settings: VersioningSettings): WorkerDeploymentOptions {
  return {
    version: { deploymentName: settings.deploymentName, buildId: settings.buildId },
    useWorkerVersioning: true,
    defaultVersioningBehavior: settings.behavior,
  };
}

/** One version of a deployment as the server describes it. */
export interface DeploymentVersionState {
  buildId: string;
  /** DRAINING: no new instances, pinned ones still open; DRAINED: none open, its workers may stop. */
  drainage: 'UNSPECIFIED' | 'DRAINING' | 'DRAINED';
  status: string;
}

/** A deployment's current version and its versions, or undefined when no worker of it has polled yet. */
export interface DeploymentState {
  currentBuildId: string | null;
  rampingBuildId: string | null;
  versions: DeploymentVersionState[];
}

const { VersionDrainageStatus, WorkerDeploymentVersionStatus } = temporal.api.enums.v1;

function enumName(values: Record<string, unknown>, value: number | null | undefined, prefix: string): string {
  const name = Object.keys(values).find((key) => values[key] === value) ?? `${prefix}UNSPECIFIED`;
  return name.replace(prefix, '');
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 5;
}

/** The deployment's routing (current / ramping version) and each version's drainage. */
export async function describeDeployment(client: Client, deploymentName: string): Promise<DeploymentState | undefined> {
  try {
    const response = await client.workflowService.describeWorkerDeployment({
      namespace: client.options.namespace,
      deploymentName,
    });
    const info = response.workerDeploymentInfo;
    const routing = info?.routingConfig;
    return {
      currentBuildId: routing?.currentDeploymentVersion?.buildId || null,
      rampingBuildId: routing?.rampingDeploymentVersion?.buildId || null,
      versions: (info?.versionSummaries ?? []).map((summary) => ({
        buildId: summary.deploymentVersion?.buildId ?? '',
        drainage: enumName(
          VersionDrainageStatus,
          summary.drainageInfo?.status ?? summary.drainageStatus,
          'VERSION_DRAINAGE_STATUS_',
        ) as DeploymentVersionState['drainage'],
        status: enumName(WorkerDeploymentVersionStatus, summary.status, 'WORKER_DEPLOYMENT_VERSION_STATUS_'),
      })),
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Makes a version the deployment's current one: new instances (and AUTO_UPGRADE ones) go to its workers from now on;
 * instances pinned to other versions stay where they are. Workers of the version must have polled already (the server
 * refuses a version it has not seen). Idempotent. Same as `temporal worker deployment set-current-version`.
 */
export async function setCurrentVersion(
  client: Client,
  version: WorkerDeploymentVersion,
  identity = 'millwright-versioning',
): Promise<void> {
  await client.workflowService.setWorkerDeploymentCurrentVersion({
    namespace: client.options.namespace,
    deploymentName: version.deploymentName,
    buildId: version.buildId,
    identity,
  });
}

/**
 * For the first release of a deployment: when it has no current version yet, makes this one current (new instances
 * would otherwise wait for one); leaves an existing current version alone. Returns what it did.
 */
export async function adoptIfNoCurrent(
  client: Client,
  version: WorkerDeploymentVersion,
): Promise<'made current' | 'already current' | 'another is current'> {
  const state = await describeDeployment(client, version.deploymentName);
  if (state?.currentBuildId === version.buildId) return 'already current';
  if (state?.currentBuildId) return 'another is current';
  await setCurrentVersion(client, version);
  return 'made current';
}

/**
 * What a versioned worker does about the deployment's current version once it polls (MILLWRIGHT_VERSIONING_PROMOTE):
 * `first` (default) makes its build current only when the deployment has none yet, i.e. on the first release, and
 * leaves every later switch to the operator (`temporal worker deployment set-current-version`, README "Upgrading");
 * `always` makes each new build current as soon as it polls; `never` leaves routing alone.
 */
export type PromotePolicy = 'first' | 'always' | 'never';

export function promotePolicy(env: NodeJS.ProcessEnv = process.env): PromotePolicy {
  const value = env.MILLWRIGHT_VERSIONING_PROMOTE?.trim() || 'first';
  if (value !== 'first' && value !== 'always' && value !== 'never') {
    throw new Error(`Invalid configuration: MILLWRIGHT_VERSIONING_PROMOTE: first, always or never (got ${value})`);
  }
  return value;
}

/**
 * Applies the promote policy for a worker that has started polling: waits (up to `timeoutMs`) until the server has
 * seen the version's pollers, since it refuses to route to a version it does not know, then promotes it or not.
 */
export async function promoteWhenPolling(
  client: Client,
  settings: VersioningSettings,
  policy: PromotePolicy,
  timeoutMs = 60_000,
): Promise<string> {
  if (policy === 'never') return 'left alone (MILLWRIGHT_VERSIONING_PROMOTE=never)';
  const version = { deploymentName: settings.deploymentName, buildId: settings.buildId };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await describeDeployment(client, settings.deploymentName);
    if (state?.versions.some((known) => known.buildId === settings.buildId)) {
      if (policy === 'always' && state.currentBuildId !== settings.buildId) {
        await setCurrentVersion(client, version);
        return 'made current';
      }
      return adoptIfNoCurrent(client, version);
    }
    if (Date.now() > deadline)
      throw new Error(`the server has not seen ${settings.buildId} poll within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The deployment version that completed each workflow task of a run (from its history), in order. */
export async function workflowTaskBuildIds(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const completed = event.workflowTaskCompletedEventAttributes;
    if (!completed) return [];
    return [completed.deploymentVersion?.buildId || completed.workerVersion?.buildId || ''];
  });
}
