// Lint enforces the architecture: which top-level folder may import which, and what workflow code may touch.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ourFolders = [
  'workflows',
  'activities',
  'rules',
  'db',
  'api',
  'worker',
  'ui',
  'bench',
  'scripts',
  'config',
  'test',
];

/** Forbids importing our own folders except `allowed`; type-only imports of `typeOnly` folders stay allowed. */
function onlyImports(allowed, extra = [], typeOnly = []) {
  const forbidden = ourFolders.filter((folder) => !allowed.includes(folder) && !typeOnly.includes(folder));
  const patterns = forbidden
    .flatMap((folder) => [`**/${folder}`, `**/${folder}/**`])
    .map((group) => ({
      group: [group],
      message: 'This import points against the dependency direction (see STYLE.md).',
    }));
  const typeOnlyPatterns = typeOnly
    .flatMap((folder) => [`**/${folder}`, `**/${folder}/**`])
    .map((group) => ({
      group: [group],
      allowTypeImports: true,
      message: 'Only type imports are allowed from here.',
    }));
  return { 'no-restricted-imports': ['error', { patterns: [...patterns, ...typeOnlyPatterns, ...extra] }] };
}

const nodeBuiltins = [
  'fs',
  'path',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'os',
  'worker_threads',
  'dns',
  'util',
].flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'ui/**',
      'dist/**',
      'coverage/**',
      'test-artifacts/**',
      'db/migrations/Migration*.ts',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-nested-ternary': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      ...onlyImports(
        ['workflows'],
        [
          {
            group: [
              '@mikro-orm/*',
              'json-rules-engine',
              'pg',
              'fastify',
              '@temporalio/worker',
              '@temporalio/client',
              '@temporalio/activity',
            ],
            message: 'Workflows are deterministic orchestration: no I/O libraries.',
          },
          ...nodeBuiltins.map((name) => ({
            group: [name],
            message: 'Workflows run in the Temporal sandbox: no Node built-ins.',
          })),
        ],
        ['activities'],
      ),
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Workflows never read the environment; pass values in the input.',
        },
        { object: 'Date', property: 'now', message: 'Use workflow time: new Date() is replay-safe inside workflows.' },
        { object: 'Math', property: 'random', message: 'Use uuid4()/the SDK random from @temporalio/workflow.' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Workflows never touch the process.' }],
    },
  },
  { files: ['rules/**/*.ts'], rules: onlyImports(['rules']) },
  { files: ['db/**/*.ts'], ignores: ['db/**/*.test.ts'], rules: onlyImports(['db', 'rules']) },
  {
    files: ['activities/**/*.ts'],
    ignores: ['activities/**/*.test.ts'],
    rules: onlyImports(['activities', 'db', 'rules'], [], ['workflows']),
  },
  {
    files: ['api/**/*.ts'],
    ignores: ['api/**/*.test.ts'],
    rules: onlyImports(['api', 'db', 'workflows', 'config', 'rules']),
  },
  {
    files: ['worker/**/*.ts'],
    ignores: ['worker/**/*.test.ts'],
    rules: onlyImports(['worker', 'workflows', 'activities', 'db', 'rules', 'config']),
  },
  { files: ['config/**/*.ts'], rules: onlyImports(['config']) },
);
