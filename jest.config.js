/**
 * Three Jest projects: `unit` (pure logic, beside the code), `integration` (real PostgreSQL + real Temporal dev
 * server, started once by the global set-up) and `e2e` (the whole platform driven through Chromium).
 */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
const ignored = ['/node_modules/', '/ui/dist/', '/ui/src/'];

module.exports = {
  // Jest reads the timeout from the global config only. Real servers (and scrypt, property tests) may take longer
  // than Jest's 5 s on a loaded 2-core machine, in hooks that set no timeout of their own; files may set more.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...ignored, '\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      testPathIgnorePatterns: ignored,
      globalSetup: '<rootDir>/test/int/global-setup.ts',
      globalTeardown: '<rootDir>/test/int/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/ui/e2e/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
