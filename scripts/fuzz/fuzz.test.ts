import { authConfig, passArguments, type FuzzSettings } from './pass';
import { passPlans } from './run';
import { linkCount, operationCount, roleDocument, type OpenApiDocument } from './role-document';
import { findingsOf, notesOf, summaryText, type PassResult, type SchemathesisReport } from './summary';
import { testDataConfig } from './test-data';

const ref = (path: string, method: string) => `#/paths/${path.replace(/\//g, '~1')}/${method}`;

const document: OpenApiDocument = {
  openapi: '3.0.3',
  paths: {
    '/api/orders/': {
      post: {
        'x-roles': ['clerk', 'admin'],
        responses: {
          '201': {
            description: 'placed',
            links: {
              Get: { operationRef: ref('/api/orders/{orderNumber}', 'get') },
              Cancel: { operationRef: ref('/api/orders/{orderNumber}/cancel', 'post') },
            },
          },
        },
      },
      get: { 'x-roles': ['clerk', 'admin', 'auditor'], responses: {} },
    },
    '/api/orders/{orderNumber}': { get: { 'x-roles': ['clerk', 'admin', 'auditor'], responses: {} } },
    '/api/orders/{orderNumber}/cancel': { post: { 'x-roles': ['controller', 'admin'], responses: {} } },
    '/api/auth/logout': { post: { 'x-roles': ['clerk', 'admin', 'auditor'], responses: {} } },
  },
};

describe('roleDocument', () => {
  test("keeps a role's operations and drops links to operations it may not call", () => {
    const clerk = roleDocument(document, ['clerk'], ['POST /api/auth/logout']);
    expect(Object.keys(clerk.paths)).toEqual(['/api/orders/', '/api/orders/{orderNumber}']);
    expect(Object.keys(clerk.paths['/api/orders/']?.post?.responses?.['201']?.links ?? {})).toEqual(['Get']);
    expect([operationCount(clerk), linkCount(clerk)]).toEqual([3, 1]);
    // The source document is left as it was.
    expect(linkCount(document)).toBe(2);
  });

  test('anonymous (no roles) keeps every operation but the excluded ones, with all their links', () => {
    const anonymous = roleDocument(document, undefined, ['POST /api/auth/logout']);
    expect([operationCount(anonymous), linkCount(anonymous)]).toEqual([4, 2]);
    expect(anonymous.paths['/api/auth/logout']).toBeUndefined();
  });

  test('a response left without links has no empty `links`', () => {
    const auditor = roleDocument(document, ['auditor']);
    expect(auditor.paths['/api/orders/']?.post).toBeUndefined();
    const controller = roleDocument(document, ['controller']);
    expect(Object.keys(controller.paths)).toEqual(['/api/orders/{orderNumber}/cancel']);
  });
});

describe('the passes', () => {
  test('one per role, admin after the other roles, anonymous last', () => {
    const names = passPlans().map((plan) => plan.name);
    expect(names).toEqual(
      expect.arrayContaining(['clerk', 'planner', 'controller', 'auditor', 'supervisor', 'inspector', 'quality']),
    );
    expect(names.slice(-2)).toEqual(['admin', 'anonymous']);
    expect(new Set(names).size).toBe(names.length);
    expect(passPlans(['clerk', 'anonymous']).map((plan) => plan.name)).toEqual(['clerk', 'anonymous']);
  });

  test('a signed-in pass signs itself in through the API with its demo user', () => {
    const config = authConfig('clerk');
    expect(config).toContain('[auth.dynamic.openapi.bearer]');
    expect(config).toContain('path = "/api/auth/login"');
    expect(config).toMatch(/payload = \{ username = "clerk", password = ".+" \}/);
    expect(config).toContain('extract_selector = "/token"');
  });

  test('the command line carries the settings, the stateful phase and the JSON report', () => {
    const settings: FuzzSettings = {
      maxExamples: 25,
      seed: '7',
      workers: 2,
      phases: 'examples,coverage,fuzzing,stateful',
      checks: ['not_a_server_error', 'rejection_names_field'],
      requestTimeoutSeconds: 30,
      maxTimeSeconds: 600,
      forbidden: false,
    };
    const args = passArguments({ config: 'c.toml', document: 'd.json', baseUrl: 'http://h:1', reports: 'r', settings });
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.slice(0, 4)).toEqual(['--config-file', 'c.toml', 'run', 'd.json']);
    expect([after('--url'), after('--max-examples'), after('--seed'), after('--max-time')]).toEqual([
      'http://h:1',
      '25',
      '7',
      '600',
    ]);
    expect(after('--phases')).toContain('stateful');
    expect(after('--checks')).toBe('not_a_server_error,rejection_names_field');
    expect(after('--report')).toContain('json');
  });

  test('realistic codes are dictionaries bound to the fields that name them', () => {
    const config = testDataConfig({
      customers: ['C-ACME'],
      items: ['FOOD-001', 'HW-002'],
      suppliers: [],
      warehouses: ['MAIN'],
      locations: [],
    });
    expect(config).toContain('[dictionaries.items]\nvalues = ["FOOD-001", "HW-002"]');
    expect(config).toContain('"body.lines[*].itemSku" = { dictionary = "items", probability = 0.7 }');
    expect(config).toContain('"body.customerCode" = { dictionary = "customers"');
    // No dictionary, no binding (Schemathesis refuses a binding to an unknown dictionary).
    expect(config).not.toContain('suppliers');
  });
});

describe('the summary', () => {
  const report = (overrides: Partial<SchemathesisReport> = {}): SchemathesisReport => ({
    complete: true,
    exit_code: 0,
    stop_reason: 'completed',
    operations: { total: 3, selected: 3, tested: 3, errored: 0, skipped: 0 },
    test_cases: { generated: 120, with_failures: 0, unique_failures: 0, errored: 0 },
    failures: [],
    errors: [],
    auth: { reauth_count: 0, reauth_broke: false },
    ...overrides,
  });
  const pass = (overrides: Partial<PassResult> = {}): PassResult => ({
    name: 'clerk',
    operations: 3,
    links: 1,
    report: report(),
    responses: { total: 121, byClass: { '2xx': 20, '4xx': 101 }, serverErrors: [] },
    seconds: 12,
    outputTail: '',
    ...overrides,
  });

  test('a clean pass has no findings and the table shows its figures', () => {
    expect(findingsOf(pass())).toEqual([]);
    const text = summaryText([pass()]);
    expect(text).toMatch(/clerk\s+3\/3\s+1\s+120\s+121\s+20\s+101\s+0\s+0\s+12s/);
    expect(text).toContain('Findings: none');
  });

  test('every 5xx the API answered is a finding, even when Schemathesis saw no failure', () => {
    const serverErrors = [{ run: 'clerk', method: 'POST', url: '/api/orders', status: 500, error: 'TypeError: x' }];
    const findings = findingsOf(pass({ responses: { total: 1, byClass: { '5xx': 1 }, serverErrors } }));
    expect(findings).toEqual(['clerk: 500 on POST /api/orders (TypeError: x)']);
  });

  test("check failures, the API's errors, a lost sign-in and a missing report are findings; generator errors are notes", () => {
    const failing = pass({
      report: report({
        failures: [
          { type: 'x', code: 'ST901', title: 'Custom check failed', count: 2, operations: ['PATCH /api/orders'] },
        ],
        errors: [
          { title: 'Network Error', count: 1 },
          { title: 'Runtime Error', count: 3 },
        ],
        auth: { reauth_count: 1, reauth_broke: true },
      }),
    });
    expect(findingsOf(failing)).toEqual([
      'clerk: Custom check failed [ST901] x2 on PATCH /api/orders',
      'clerk: Network Error x1',
      'clerk: signing in again failed mid-run',
    ]);
    expect(notesOf(failing)).toEqual(['clerk: Schemathesis Runtime Error x3']);
    expect(findingsOf(pass({ report: undefined }))).toEqual(['clerk: Schemathesis wrote no report']);
  });
});
