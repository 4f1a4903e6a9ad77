import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const sku = (name: string) => `BIM-${run}-${name}`;

const HEADER = 'parent_sku,effective_from,phantom,line_no,component_sku,quantity_per,scrap_percent';
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

const importBoms = (text: string, mode: 'dry-run' | 'apply') =>
  t.app.inject({
    method: 'POST',
    url: `/api/boms/import?mode=${mode}`,
    headers: { ...admin, 'content-type': 'text/csv' },
    payload: text,
  });

const bomRows = () =>
  countRows(t.orm, `select count(*) as n from bom b join item i on i.id = b.item_id where i.sku like ?`, [
    `BIM-${run}-%`,
  ]);
const lineRows = () => countRows(t.orm, `select count(*) as n from bom_line`);

interface Problem {
  line: number;
  column: string;
  message: string;
}
const problems = (body: { error: { details: Problem[] } }) =>
  body.error.details.map(({ line, column }) => [line, column]);

beforeAll(async () => {
  for (const name of ['CAR', 'BODY', 'DOOR', 'SCREW', 'GLASS', 'X', 'Y', 'P', 'Q', 'R', 'KIT', 'SHELL', 'LINER']) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/items',
      headers: admin,
      payload: { sku: sku(name), name: `Part ${name}`, uom: 'PCS', category: 'hardware', lotTracked: false },
    });
    expect(response.statusCode).toBe(201);
  }
});

describe('BOM import (CSV, how a PLM system hands BOMs over)', () => {
  const good = file(
    `${sku('CAR')},2020-01-01,no,10,${sku('BODY')},1,`,
    `${sku('CAR')},2020-01-01,no,20,${sku('SCREW')},12,5`,
    `${sku('BODY')},2020-01-01,yes,10,${sku('DOOR')},4,`,
    `${sku('BODY')},2020-01-01,yes,20,${sku('SCREW')},"8",0`,
    `${sku('DOOR')},2020-01-01,,10,${sku('GLASS')},1,2.5`,
  );

  test('a dry run of a good file answers the versions it would make and writes nothing', async () => {
    const response = await importBoms(good, 'dry-run');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      mode: 'dry-run',
      rows: 5,
      created: 5,
      applied: false,
      boms: [
        { itemSku: sku('CAR'), version: 1, lines: 2 },
        { itemSku: sku('BODY'), version: 1, lines: 2 },
        { itemSku: sku('DOOR'), version: 1, lines: 1 },
      ],
    });
    expect(await bomRows()).toBe(0);
  });

  test('a dry run lists every bad row by line and column; apply of the same file writes nothing', async () => {
    const bad = file(
      `${sku('CAR')},2020-01-01,no,10,${sku('BODY')},1,`,
      `${sku('CAR')},2020-01-01,no,20,${sku('SCREW')},0,`,
      `${sku('BODY')},2020-01-01,yes,10,${sku('NOPE')},4,`,
      `${sku('BODY')},2020-01-01,yes,20,${sku('SCREW')},-2,abc`,
      `${sku('DOOR')},2020-13-01,,10,${sku('GLASS')},1,`,
      `${sku('CAR')},2020-02-01,no,30,${sku('GLASS')},1,`,
      `${sku('CAR')},2020-01-01,no,10,${sku('DOOR')},1,`,
    );
    const lines = await lineRows();
    for (const mode of ['dry-run', 'apply'] as const) {
      const response = await importBoms(bad, mode);
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('IMPORT_INVALID');
      expect(body.error.message).toContain('nothing was imported');
      expect(problems(body)).toEqual([
        [3, 'quantity_per'],
        [4, 'component_sku'],
        [5, 'quantity_per'],
        [5, 'scrap_percent'],
        [6, 'effective_from'],
        [7, 'effective_from'],
        [8, 'line_no'],
      ]);
      expect(body.error.details[1].message).toContain(`No item ${sku('NOPE')}`);
      expect(body.error.details[6].message).toContain('appears again (first on line 2)');
    }
    expect(await bomRows()).toBe(0);
    expect(await lineRows()).toBe(lines);
  });

  test('a cycle within one file is refused on the row that closes it, naming the path; nothing is written', async () => {
    const cyclic = file(
      `${sku('X')},2020-01-01,,10,${sku('GLASS')},1,`,
      `${sku('X')},2020-01-01,,20,${sku('Y')},1,`,
      `${sku('Y')},2020-01-01,,10,${sku('X')},2,`,
    );
    const response = await importBoms(cyclic, 'apply');
    expect(response.statusCode).toBe(400);
    const [problem] = response.json().error.details as Problem[];
    expect(problem).toMatchObject({ line: 4, column: 'component_sku' });
    expect(problem?.message).toContain(`${sku('Y')} -> ${sku('X')} -> ${sku('Y')}`);
    expect(await bomRows()).toBe(0);
  });

  test('apply writes every version at once; a cycle through existing BOMs is refused; a re-import is version n+1', async () => {
    const applied = await importBoms(good, 'apply');
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ mode: 'apply', applied: true, rows: 5, created: 5 });
    expect(await bomRows()).toBe(3);

    const body = await t.app.inject({ method: 'GET', url: `/api/items/${sku('BODY')}/boms/1`, headers: admin });
    expect(body.json()).toMatchObject({
      phantom: true,
      createdBy: 'admin',
      lines: [
        { lineNo: 10, componentSku: sku('DOOR'), quantityPer: 4 },
        { lineNo: 20, componentSku: sku('SCREW'), quantityPer: 8 },
      ],
    });
    const tree = await t.app.inject({
      method: 'GET',
      url: `/api/items/${sku('CAR')}/bom-tree?quantity=2`,
      headers: admin,
    });
    expect(tree.json().children[0]).toMatchObject({ componentSku: sku('BODY'), phantom: true, required: 2 });
    expect(tree.json().children[0].children[0].children[0]).toMatchObject({
      componentSku: sku('GLASS'),
      required: 8.2, // 2 x 1 -> 8 doors -> 8 x 1 x 1.025
    });

    // GLASS -> CAR would close CAR -> BODY -> DOOR -> GLASS -> CAR (existing BOMs plus this file).
    const longer = file(
      `${sku('GLASS')},2020-01-01,,10,${sku('P')},1,`,
      `${sku('GLASS')},2020-01-01,,20,${sku('CAR')},1,`,
    );
    const refused = await importBoms(longer, 'apply');
    expect(refused.statusCode).toBe(400);
    const [problem] = refused.json().error.details as Problem[];
    expect(problem).toMatchObject({ line: 3, column: 'component_sku' });
    expect(problem?.message).toContain([sku('GLASS'), sku('CAR'), sku('BODY'), sku('DOOR'), sku('GLASS')].join(' -> '));
    expect(await bomRows()).toBe(3);

    const again = await importBoms(file(`${sku('CAR')},2021-01-01,no,10,${sku('BODY')},2,`), 'apply');
    expect(again.json()).toMatchObject({ applied: true, boms: [{ itemSku: sku('CAR'), version: 2, lines: 1 }] });
    expect(await bomRows()).toBe(4);
  });

  test('a clerk cannot import; a file without the key columns is refused by its header', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/boms/import?mode=dry-run',
      headers: { ...clerk, 'content-type': 'text/csv' },
      payload: good,
    });
    expect(refused.statusCode).toBe(403);
    const noKey = await importBoms(`parent_sku,component_sku\r\n${sku('Q')},${sku('R')}\r\n`, 'dry-run');
    expect(noKey.statusCode).toBe(400);
    expect(problems(noKey.json())).toContainEqual([1, 'line_no']);
  });

  test('an optional provision column says who supplies a line (ours | customer); anything else names row and column', async () => {
    const header = `${HEADER},provision`;
    const withProvision = (...rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';
    const before = await bomRows();
    const bad = await importBoms(
      withProvision(
        `${sku('KIT')},2020-01-01,no,10,${sku('SHELL')},1,,ours`,
        `${sku('KIT')},2020-01-01,no,20,${sku('LINER')},2,,supplier`,
      ),
      'apply',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('IMPORT_INVALID');
    expect(problems(bad.json())).toEqual([[3, 'provision']]);
    expect((bad.json().error.details as Problem[])[0]?.message).toContain("'ours' or 'customer'");
    expect(await bomRows()).toBe(before);

    const applied = await importBoms(
      withProvision(
        `${sku('KIT')},2020-01-01,no,10,${sku('SHELL')},1,,`,
        `${sku('KIT')},2020-01-01,no,20,${sku('LINER')},2,,Customer`,
      ),
      'apply',
    );
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, boms: [{ itemSku: sku('KIT'), version: 1, lines: 2 }] });
    const version = await t.app.inject({ method: 'GET', url: `/api/items/${sku('KIT')}/boms/1`, headers: admin });
    expect(version.json().lines).toMatchObject([
      { lineNo: 10, componentSku: sku('SHELL'), provision: 'ours' },
      { lineNo: 20, componentSku: sku('LINER'), provision: 'customer' },
    ]);
    const tree = await t.app.inject({ method: 'GET', url: `/api/items/${sku('KIT')}/bom-tree`, headers: admin });
    expect(tree.statusCode).toBe(200);
    expect(tree.json().children).toMatchObject([
      { componentSku: sku('SHELL'), provision: 'ours' },
      { componentSku: sku('LINER'), provision: 'customer', required: 2 },
    ]);

    // A file without the column (as before) makes every line ours.
    const plain = await importBoms(file(`${sku('KIT')},2021-01-01,no,10,${sku('LINER')},1,`), 'apply');
    expect(plain.statusCode).toBe(200);
    const v2 = await t.app.inject({ method: 'GET', url: `/api/items/${sku('KIT')}/boms/2`, headers: admin });
    expect(v2.json().lines).toMatchObject([{ componentSku: sku('LINER'), provision: 'ours' }]);
  });
});
