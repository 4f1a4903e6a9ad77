import { countRows, createTestApp, login, type TestApp } from '../../test/support/int-env';

let t: TestApp;
let admin: { authorization: string };
let admin2: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
  admin2 = await login(t.app, 'admin2');
});

afterAll(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: object, payload?: object) =>
  t.app.inject({ method, url: `/api/rule-sets${url}`, headers: headers as Record<string, string>, payload });

describe('rule sets: versioned, validated, four-eyes published, immutable once published', () => {
  test('the seeded defaults are published and in force', async () => {
    const list = await call('GET', '', admin);
    expect(list.statusCode).toBe(200);
    const allocation = list.json().items.find((set: { code: string }) => set.code === 'allocation');
    expect(allocation).toMatchObject({ type: 'allocation' });
    expect(allocation.inForce).toBeGreaterThanOrEqual(1);
  });

  test('the catalogue lists the facts of each type and policy schema, credit included', async () => {
    const catalogue = await call('GET', '/catalogue', admin);
    expect(catalogue.statusCode).toBe(200);
    const body = catalogue.json();
    expect(body.operators).toContain('greaterThan');
    // Other types arrive with their issues (invoice-match ...): these must be there, whatever else is.
    expect(Object.keys(body.types)).toEqual(
      expect.arrayContaining(['allocation', 'cost-distribution', 'credit', 'cycle-count', 'expiry', 'valuation']),
    );
    expect(body.types['cycle-count'].facts['item.abcClass']).toMatchObject({ type: 'string' });
    expect(body.types.credit.facts['customer.overdueAmount']).toMatchObject({ type: 'number' });
    expect(body.types.credit.policy.properties.action.enum).toEqual(['pass', 'hold']);
  });

  test('a bad draft is refused with the JSON path of each problem', async () => {
    const cases: Array<[unknown, string]> = [
      [
        {
          rules: [
            {
              name: 'x',
              conditions: { all: [{ fact: 'item.category', operator: 'sortOf', value: 'food' }] },
              event: { type: 'policy', params: { sortKeys: ['expiry-asc'], partial: 'allow-partial' } },
            },
          ],
          defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' },
        },
        'operator',
      ],
      [
        {
          rules: [
            {
              name: 'x',
              conditions: { all: [{ fact: 'item.colour', operator: 'equal', value: 'red' }] },
              event: { type: 'policy', params: { sortKeys: ['expiry-asc'], partial: 'allow-partial' } },
            },
          ],
          defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' },
        },
        'fact',
      ],
      [
        {
          rules: [
            {
              name: 'x',
              conditions: { all: [{ fact: 'customer.minShelfLifeDays', operator: 'greaterThan', value: 'ten' }] },
              event: { type: 'policy', params: { sortKeys: ['expiry-asc'], partial: 'allow-partial' } },
            },
          ],
          defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' },
        },
        'value',
      ],
      [{ rules: [], defaultPolicy: { sortKeys: ['sideways'], partial: 'allow-partial' } }, 'sortKeys'],
    ];
    for (const [content, fragment] of cases) {
      const response = await call('POST', '/allocation/drafts', admin, { content });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('RULE_SET_INVALID');
      expect(response.json().error.field).toMatch(new RegExp(`^\\$.*${fragment}`));
    }
    // Validator wording is said for people, on the server (every client reads the same words).
    const zero = await call('POST', '/allocation/drafts', admin, {
      content: {
        rules: [
          {
            name: 'x',
            priority: 0,
            conditions: { all: [{ fact: 'item.category', operator: 'equal', value: 'food' }] },
            event: { type: 'policy', params: { sortKeys: ['expiry-asc'], partial: 'allow-partial' } },
          },
        ],
        defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' },
      },
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '$.rules[0].priority', message: 'at least 1' })]),
    );
  });

  test('draft -> publish needs a second admin -> published version is immutable; diff and dry-run explain', async () => {
    // Other files leave drafts of their own behind, so the version copied is the one in force, not version - 1.
    const sets = await call('GET', '', admin);
    const source = sets.json().items.find((set: { code: string }) => set.code === 'allocation').inForce as number;
    const draft = await call('POST', '/allocation/drafts', admin, {});
    expect(draft.statusCode).toBe(201);
    const version = draft.json().version as number;
    const content = draft.json().content as { rules: Array<{ priority: number }> };
    const originalPriority = content.rules[0]?.priority ?? 1;
    content.rules[0] = { ...content.rules[0], priority: originalPriority + 10 } as { priority: number };
    const saved = await call('PUT', `/allocation/versions/${version}`, admin, { content });
    expect(saved.statusCode).toBe(200);

    // The draft copied the version in force, so against it the only change is the one just made.
    const diff = await call('GET', `/allocation/diff?from=${source}&to=${version}`, admin);
    expect(diff.json().changes).toEqual([
      { path: '$.rules[0].priority', kind: 'changed', before: originalPriority, after: originalPriority + 10 },
    ]);

    const dry = await call('POST', `/allocation/versions/${version}/dry-run`, admin, {
      // item.sku too: other files publish allocation rules for their own items, and a draft copies the newest version.
      facts: { 'item.category': 'food', 'customer.segment': 'standard', 'item.sku': 'RULE-SETS-TEST' },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ rule: 'perishables-first-expiry-first-out', usedDefault: false });
    const badFacts = await call('POST', `/allocation/versions/${version}/dry-run`, admin, {
      facts: { 'item.colour': 'red' },
    });
    expect(badFacts.statusCode).toBe(400);

    const own = await call('POST', `/allocation/versions/${version}/publish`, admin, {});
    expect([own.statusCode, own.json().error.code]).toEqual([403, 'RULE_FOUR_EYES']);
    // Editing a draft makes you one of its authors: admin2 edits, so admin2 may no longer publish it either.
    const other = await call('POST', '/allocation/drafts', admin, {});
    const otherVersion = other.json().version as number;
    expect(
      (await call('PUT', `/allocation/versions/${otherVersion}`, admin2, { content: other.json().content })).statusCode,
    ).toBe(200);
    const byEditor = await call('POST', `/allocation/versions/${otherVersion}/publish`, admin2, {});
    expect([byEditor.statusCode, byEditor.json().error.code]).toEqual([403, 'RULE_FOUR_EYES']);
    const clerk = await login(t.app, 'clerk');
    expect((await call('POST', `/allocation/versions/${version}/publish`, clerk, {})).statusCode).toBe(403);
    const published = await call('POST', `/allocation/versions/${version}/publish`, admin2, {});
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedBy: 'admin2', author: 'admin' });

    const edit = await call('PUT', `/allocation/versions/${version}`, admin, { content });
    expect(edit.statusCode).toBe(409);
    await expect(
      t.orm.em.fork().execute(`update rule_set_version set content = '{}' where version = ${version}`),
    ).rejects.toThrow(/immutable/);
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from audit_log where action = 'rules.published' and actor = 'admin2'`,
      ),
    ).toBeGreaterThan(0);
    const backTest = await call('POST', `/allocation/versions/${version}/back-test`, admin, { limit: 20 });
    expect(backTest.statusCode).toBe(200);
  });
});
