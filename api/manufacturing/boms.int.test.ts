import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const sku = (name: string) => `BOM-${run}-${name}`;

const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function item(name: string): Promise<string> {
  const response = await send('POST', '/api/items', {
    sku: sku(name),
    name: `Part ${name}`,
    uom: 'PCS',
    category: 'hardware',
    lotTracked: false,
    supplyType: 'make',
  });
  expect(response.statusCode).toBe(201);
  return sku(name);
}

type Line = { componentSku: string; quantityPer: number; scrapPercent?: number };
const createBom = (parent: string, lines: Line[], extra: object = {}) =>
  send('POST', `/api/items/${parent}/boms`, { effectiveFrom: '2020-01-01', lines, ...extra });

const bomRows = (parent: string) =>
  countRows(t.orm, `select count(*) as n from bom b join item i on i.id = b.item_id where i.sku = ?`, [parent]);
const allLines = () => countRows(t.orm, `select count(*) as n from bom_line`);

interface Node {
  componentSku: string;
  required: number;
  phantom: boolean;
  version: number | null;
  children: Node[];
}
const find = (nodes: Node[], componentSku: string) => nodes.find((n) => n.componentSku === componentSku) as Node;

describe('bills of materials', () => {
  const names = ['BIKE', 'FRAME', 'WHEEL', 'TUBE', 'BOLT', 'SPOKE', 'RIM'] as const;
  const s = {} as Record<(typeof names)[number], string>;

  beforeAll(async () => {
    for (const name of names) s[name] = await item(name);
    // FRAME is a phantom sub-assembly; WHEEL a stocked one; three levels: BIKE -> FRAME -> TUBE.
    expect(
      (
        await createBom(
          s.FRAME,
          [
            { componentSku: s.TUBE, quantityPer: 3, scrapPercent: 2 },
            { componentSku: s.BOLT, quantityPer: 6 },
          ],
          { phantom: true },
        )
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await createBom(s.WHEEL, [
          { componentSku: s.SPOKE, quantityPer: 32, scrapPercent: 2.5 },
          { componentSku: s.RIM, quantityPer: 1 },
        ])
      ).statusCode,
    ).toBe(201);
    const bike = await createBom(
      s.BIKE,
      [
        { componentSku: s.FRAME, quantityPer: 1 },
        { componentSku: s.WHEEL, quantityPer: 2, scrapPercent: 5 },
        { componentSku: s.BOLT, quantityPer: 4, scrapPercent: 10 },
      ],
      { note: 'first release' },
    );
    expect(bike.statusCode).toBe(201);
    expect(bike.json()).toMatchObject({
      itemSku: s.BIKE,
      version: 1,
      effectiveFrom: '2020-01-01',
      phantom: false,
      note: 'first release',
      createdBy: 'admin',
      lines: [
        { lineNo: 10, componentSku: s.FRAME, quantityPer: 1, scrapPercent: 0, uom: 'PCS' },
        { lineNo: 20, componentSku: s.WHEEL, quantityPer: 2, scrapPercent: 5 },
        { lineNo: 30, componentSku: s.BOLT, quantityPer: 4, scrapPercent: 10 },
      ],
    });
  });

  test('the three-level tree with a phantom: required quantities with scrap applied once per level', async () => {
    const response = await send('GET', `/api/items/${s.BIKE}/bom-tree?quantity=10`, undefined, clerk);
    expect(response.statusCode).toBe(200);
    const tree = response.json<{ itemSku: string; version: number; quantity: number; children: Node[] }>();
    expect(tree).toMatchObject({ itemSku: s.BIKE, itemName: 'Part BIKE', uom: 'PCS', version: 1, quantity: 10 });
    const frame = find(tree.children, s.FRAME);
    expect(frame).toMatchObject({ required: 10, phantom: true, version: 1 });
    expect(find(frame.children, s.TUBE)).toMatchObject({ required: 30.6, version: null, children: [] }); // 10 x 3 x 1.02
    expect(find(frame.children, s.BOLT).required).toBe(60);
    const wheel = find(tree.children, s.WHEEL);
    expect(wheel).toMatchObject({ required: 21, phantom: false, version: 1 }); // 10 x 2 x 1.05
    expect(find(wheel.children, s.SPOKE).required).toBe(688.8); // 21 x 32 x 1.025, not 10 x 2 x 32 x 1.05 x 1.025 twice
    expect(find(wheel.children, s.RIM).required).toBe(21);
    expect(find(tree.children, s.BOLT)).toMatchObject({ required: 44, children: [] }); // 10 x 4 x 1.1
  });

  test('versions are immutable: no update route, a change is version n+1, effective from its own date', async () => {
    expect((await send('PATCH', `/api/items/${s.WHEEL}/boms/1`, { note: 'x' })).statusCode).toBe(404);
    expect((await send('PUT', `/api/items/${s.WHEEL}/boms/1`, { note: 'x' })).statusCode).toBe(404);

    const tomorrow = isoDay(1);
    const v2 = await createBom(s.WHEEL, [{ componentSku: s.SPOKE, quantityPer: 36, scrapPercent: 2.5 }], {
      effectiveFrom: tomorrow,
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, effectiveFrom: tomorrow });

    const v1 = (await send('GET', `/api/items/${s.WHEEL}/boms/1`)).json<{ lines: unknown[] }>();
    expect(v1.lines).toHaveLength(2);
    const versions = (await send('GET', `/api/items/${s.WHEEL}/boms`)).json<{ items: Array<{ version: number }> }>();
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);

    // Today's tree and effective version are unchanged; tomorrow's use version 2.
    expect((await send('GET', `/api/items/${s.WHEEL}/bom`)).json()).toMatchObject({ version: 1 });
    expect((await send('GET', `/api/items/${s.WHEEL}/bom?date=${tomorrow}`)).json()).toMatchObject({ version: 2 });
    const today = (await send('GET', `/api/items/${s.BIKE}/bom-tree?quantity=10`)).json<{ children: Node[] }>();
    expect(find(today.children, s.WHEEL).version).toBe(1);
    expect(find(find(today.children, s.WHEEL).children, s.SPOKE).required).toBe(688.8);
    const later = (await send('GET', `/api/items/${s.BIKE}/bom-tree?quantity=10&date=${tomorrow}`)).json<{
      children: Node[];
    }>();
    const wheel = find(later.children, s.WHEEL);
    expect(wheel.version).toBe(2);
    expect(wheel.children.map((c) => c.componentSku)).toEqual([s.SPOKE]);
    expect(find(wheel.children, s.SPOKE).required).toBe(774.9); // 21 x 36 x 1.025

    expect((await send('GET', `/api/items/${s.WHEEL}/bom?date=2019-12-31`)).json().error).toMatchObject({
      code: 'BOM_NOT_FOUND',
    });
    expect((await send('GET', `/api/items/${s.TUBE}/bom-tree`)).statusCode).toBe(404);
    expect((await send('GET', `/api/items/${s.WHEEL}/boms/9`)).json().error.code).toBe('BOM_NOT_FOUND');
  });

  test('two versions effective on the same date: the higher version is in force', async () => {
    const [tie, part] = [await item('TIE'), await item('TIEPART')];
    expect((await createBom(tie, [{ componentSku: part, quantityPer: 1 }])).statusCode).toBe(201);
    expect((await createBom(tie, [{ componentSku: part, quantityPer: 2 }])).statusCode).toBe(201);
    const effective = (await send('GET', `/api/items/${tie}/bom?date=2020-01-01`)).json();
    expect(effective).toMatchObject({ version: 2, lines: [{ componentSku: part, quantityPer: 2 }] });
  });

  test('where-used: direct parents at level 1, their parents up the tree', async () => {
    const spoke = (await send('GET', `/api/items/${s.SPOKE}/where-used`, undefined, clerk)).json();
    expect(spoke.items).toEqual([
      { itemSku: s.WHEEL, name: 'Part WHEEL', version: 1, componentSku: s.SPOKE, quantityPer: 32, level: 1 },
      { itemSku: s.BIKE, name: 'Part BIKE', version: 1, componentSku: s.WHEEL, quantityPer: 2, level: 2 },
    ]);
    const tube = (await send('GET', `/api/items/${s.TUBE}/where-used`)).json();
    expect(tube.items.map((r: { itemSku: string; level: number }) => [r.itemSku, r.level])).toEqual([
      [s.FRAME, 1],
      [s.BIKE, 2],
    ]);
    const bolt = (await send('GET', `/api/items/${s.BOLT}/where-used`)).json();
    expect(bolt.items.map((r: { itemSku: string; level: number }) => [r.itemSku, r.level])).toEqual([
      [s.BIKE, 1],
      [s.FRAME, 1],
    ]);
    // RIM is not in WHEEL's version 2: from tomorrow nothing uses it.
    expect((await send('GET', `/api/items/${s.RIM}/where-used?date=${isoDay(1)}`)).json().items).toEqual([]);
  });

  test('a cycle is refused naming its path, and nothing is written', async () => {
    const [a, b, c, x] = [await item('CA'), await item('CB'), await item('CC'), await item('CX')];
    expect((await createBom(a, [{ componentSku: b, quantityPer: 1 }])).statusCode).toBe(201);
    const lines = await allLines();

    const direct = await createBom(b, [{ componentSku: a, quantityPer: 2 }]);
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error).toMatchObject({ code: 'BOM_CYCLE', field: 'lines[0].componentSku' });
    expect(direct.json().error.message).toContain(`${b} -> ${a} -> ${b}`);
    expect(await bomRows(b)).toBe(0);

    expect((await createBom(b, [{ componentSku: c, quantityPer: 1 }])).statusCode).toBe(201);
    const longer = await createBom(c, [
      { componentSku: x, quantityPer: 1 },
      { componentSku: a, quantityPer: 1 },
    ]);
    expect(longer.statusCode).toBe(409);
    expect(longer.json().error).toMatchObject({ code: 'BOM_CYCLE', field: 'lines[1].componentSku' });
    expect(longer.json().error.message).toContain(`${c} -> ${a} -> ${b} -> ${c}`);
    expect(await bomRows(c)).toBe(0);

    const itself = await createBom(a, [{ componentSku: a, quantityPer: 1 }]);
    expect(itself.json().error).toMatchObject({ code: 'BOM_CYCLE', field: 'lines[0].componentSku' });
    expect(itself.json().error.message).toContain(`${a} -> ${a}`);
    expect(await bomRows(a)).toBe(1);
    expect(await allLines()).toBe(lines + 1); // only B -> C
  });

  test('bad lines are refused naming lines[i].<field>, nothing written', async () => {
    const lines = await allLines();
    for (const quantityPer of [0, -1]) {
      const response = await createBom(s.TUBE, [
        { componentSku: s.BOLT, quantityPer: 1 },
        { componentSku: s.RIM, quantityPer },
      ]);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'lines[1].quantityPer' });
    }
    const unknown = await createBom(s.TUBE, [{ componentSku: sku('NOPE'), quantityPer: 1 }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_ITEM', field: 'lines[0].componentSku' });
    const twice = await createBom(s.TUBE, [
      { componentSku: s.BOLT, quantityPer: 1 },
      { componentSku: s.BOLT, quantityPer: 2 },
    ]);
    expect(twice.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'lines[1].componentSku' });
    // Values the columns would round to a refused 0 or 100 are refused as such, not failed on by the table's check.
    for (const [line, field] of [
      [{ quantityPer: 1, scrapPercent: 100 }, 'scrapPercent'],
      [{ quantityPer: 1, scrapPercent: 99.99999 }, 'scrapPercent'],
      [{ quantityPer: 0.0000001 }, 'quantityPer'],
    ] as const) {
      const refused = await createBom(s.TUBE, [{ componentSku: s.BOLT, ...line }]);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ field: `lines[0].${field}` });
    }
    expect(
      (
        await send('POST', `/api/items/${sku('NOPE')}/boms`, {
          effectiveFrom: '2020-01-01',
          lines: [{ componentSku: s.BOLT, quantityPer: 1 }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await createBom(s.TUBE, [{ componentSku: s.BOLT, quantityPer: 1 }], {})).statusCode).toBe(201);
    expect(await bomRows(s.TUBE)).toBe(1);
    expect(await allLines()).toBe(lines + 1);
    // A clerk reads but does not write BOMs.
    expect(
      (
        await send(
          'POST',
          `/api/items/${s.RIM}/boms`,
          { effectiveFrom: '2020-01-01', lines: [{ componentSku: s.BOLT, quantityPer: 1 }] },
          clerk,
        )
      ).statusCode,
    ).toBe(403);
  });
});
