import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUILD_INFO_FILE,
  buildIdFor,
  contentHash,
  deploymentOptions,
  promotePolicy,
  versioningFromEnv,
} from './versioning';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mw-versioning-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '2.3.4' }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('worker versioning settings', () => {
  test('off without a deployment name, whatever else is set', () => {
    expect(versioningFromEnv({ MILLWRIGHT_BUILD_ID: 'x' }, { root })).toBeUndefined();
    expect(versioningFromEnv({ MILLWRIGHT_DEPLOYMENT_NAME: '  ' }, { root })).toBeUndefined();
  });

  test('MILLWRIGHT_BUILD_ID wins over build-info.json and the bundle; PINNED by default', () => {
    writeFileSync(join(root, BUILD_INFO_FILE), JSON.stringify({ buildId: 'from-info' }));
    const settings = versioningFromEnv(
      { MILLWRIGHT_DEPLOYMENT_NAME: 'millwright', MILLWRIGHT_BUILD_ID: '2.3.4-rc.1' },
      { root },
    );
    expect(settings).toEqual({
      deploymentName: 'millwright',
      buildId: '2.3.4-rc.1',
      behavior: 'PINNED',
      source: 'MILLWRIGHT_BUILD_ID',
    });
    expect(deploymentOptions(settings!)).toEqual({
      version: { deploymentName: 'millwright', buildId: '2.3.4-rc.1' },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'PINNED',
    });
  });

  test('the build id npm run build wrote, else the version and the hash of the bundle the worker loads', () => {
    const bundle = join(root, 'workflow-bundle.js');
    writeFileSync(bundle, 'bundle code');
    const env = { MILLWRIGHT_DEPLOYMENT_NAME: 'millwright' };
    expect(versioningFromEnv(env, { root, bundlePath: bundle })).toMatchObject({
      buildId: `2.3.4-${contentHash('bundle code')}`,
      source: 'bundle-hash',
    });
    expect(buildIdFor('2.3.4', contentHash('bundle code'))).toMatch(/^2\.3\.4-[0-9a-f]{16}$/);
    writeFileSync(join(root, BUILD_INFO_FILE), JSON.stringify({ buildId: '2.3.4-0123456789abcdef' }));
    expect(versioningFromEnv(env, { root, bundlePath: bundle })).toMatchObject({
      buildId: '2.3.4-0123456789abcdef',
      source: 'build-info',
    });
  });

  test('bad values stop the worker with a message naming the variable', () => {
    const base = { MILLWRIGHT_DEPLOYMENT_NAME: 'millwright', MILLWRIGHT_BUILD_ID: 'b1' };
    expect(() => versioningFromEnv({ ...base, MILLWRIGHT_DEPLOYMENT_NAME: 'mill.wright' }, { root })).toThrow(
      /MILLWRIGHT_DEPLOYMENT_NAME/,
    );
    expect(() => versioningFromEnv({ ...base, MILLWRIGHT_BUILD_ID: 'has space' }, { root })).toThrow(
      /MILLWRIGHT_BUILD_ID/,
    );
    expect(() => versioningFromEnv({ ...base, MILLWRIGHT_VERSIONING_BEHAVIOR: 'sometimes' }, { root })).toThrow(
      /MILLWRIGHT_VERSIONING_BEHAVIOR/,
    );
    expect(versioningFromEnv({ ...base, MILLWRIGHT_VERSIONING_BEHAVIOR: 'auto_upgrade' }, { root })?.behavior).toBe(
      'AUTO_UPGRADE',
    );
    expect(promotePolicy({})).toBe('first');
    expect(promotePolicy({ MILLWRIGHT_VERSIONING_PROMOTE: 'always' })).toBe('always');
    expect(() => promotePolicy({ MILLWRIGHT_VERSIONING_PROMOTE: 'yes' })).toThrow(/MILLWRIGHT_VERSIONING_PROMOTE/);
  });
});
