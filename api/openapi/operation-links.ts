/**
 * OpenAPI links between operations: what a response hands on to the next call (the order number a placed order
 * answers with addresses its reading, changing and cancelling). Clients and generators read them; Schemathesis'
 * stateful phase (`npm run fuzz`) follows them, so it creates an order and then reads, changes and cancels that
 * order rather than numbers nobody placed. Declared here in one table, by operation as the document names it
 * ("POST /api/orders/"), and attached to the routes by installRouteDocs.
 */

/** One link: the operation it leads to and where that operation's parameters (and body fields) come from. */
export interface OperationLink {
  /** The target operation, as the document names it: "GET /api/orders/{orderNumber}". */
  to: string;
  /** Target parameter name -> runtime expression, e.g. `{ orderNumber: '$response.body#/orderNumber' }`. */
  parameters?: Record<string, string>;
  /** Body fields for the target (merged into the generated body); strings may be runtime expressions. */
  requestBody?: Record<string, unknown>;
  description?: string;
}

/** The links of one operation's response: source operation -> status -> link name -> link. */
export type LinkTable = Record<string, Record<number, Record<string, OperationLink>>>;

const body = (field: string) => `$response.body#/${field}`;

/** A master-data resource's create answers its record: read, change, deactivate and reactivate it by its key. */
function masterDataLinks(base: string, keyField: string): LinkTable {
  const key = { key: body(keyField) };
  const record = {
    Get: { to: `GET ${base}/{key}`, parameters: key },
    Update: { to: `PATCH ${base}/{key}`, parameters: key },
    Deactivate: { to: `POST ${base}/{key}/deactivate`, parameters: key },
  };
  return {
    [`POST ${base}/`]: { 201: record },
    [`POST ${base}/{key}/deactivate`]: {
      200: { Reactivate: { to: `POST ${base}/{key}/reactivate`, parameters: key } },
    },
  };
}

/** A document whose create answers its number (and workflow id): read it, and follow its process. */
function documentLinks(read: string, param: string, field = param): Record<string, OperationLink> {
  return {
    Get: { to: `GET ${read}`, parameters: { [param]: body(field) } },
    GetProcess: { to: 'GET /api/processes/{workflowId}', parameters: { workflowId: body('workflowId') } },
  };
}

const orderNumber = { orderNumber: body('orderNumber') };

export const OPERATION_LINKS: LinkTable = {
  // Sales orders: place, then read, change the lines, split, cancel; the order's own reading leads to a line change
  // of a line it has (the generated body's lines replaced by one naming that line).
  'POST /api/orders/': {
    201: {
      ...documentLinks('/api/orders/{orderNumber}', 'orderNumber'),
      ChangeLines: { to: 'PATCH /api/orders/{orderNumber}/lines', parameters: orderNumber },
      Split: { to: 'POST /api/orders/{orderNumber}/split', parameters: orderNumber },
      Cancel: { to: 'POST /api/orders/{orderNumber}/cancel', parameters: orderNumber },
    },
  },
  'GET /api/orders/{orderNumber}': {
    200: {
      ChangeFirstLine: {
        to: 'PATCH /api/orders/{orderNumber}/lines',
        parameters: orderNumber,
        requestBody: { lines: [{ lineNo: body('lines/0/lineNo'), quantity: body('lines/0/quantity') }] },
      },
      Cancel: { to: 'POST /api/orders/{orderNumber}/cancel', parameters: orderNumber },
    },
  },
  'PATCH /api/orders/{orderNumber}/lines': {
    200: {
      Get: { to: 'GET /api/orders/{orderNumber}', parameters: orderNumber },
      Cancel: { to: 'POST /api/orders/{orderNumber}/cancel', parameters: orderNumber },
    },
  },
  'POST /api/orders/{orderNumber}/split': {
    200: {
      GetNew: { to: 'GET /api/orders/{orderNumber}', parameters: { orderNumber: body('newOrderNumber') } },
      CancelNew: { to: 'POST /api/orders/{orderNumber}/cancel', parameters: { orderNumber: body('newOrderNumber') } },
    },
  },
  'POST /api/orders/{orderNumber}/cancel': {
    200: { Get: { to: 'GET /api/orders/{orderNumber}', parameters: orderNumber } },
  },
  // Purchase orders: place, read, close short (the one change a purchase order takes after placing).
  'POST /api/purchase-orders': {
    201: {
      ...documentLinks('/api/purchase-orders/{orderNumber}', 'orderNumber'),
      CloseShort: { to: 'POST /api/purchase-orders/{orderNumber}/close', parameters: orderNumber },
    },
  },
  'POST /api/purchase-orders/{orderNumber}/close': {
    202: { Get: { to: 'GET /api/purchase-orders/{orderNumber}', parameters: orderNumber } },
  },
  // Master data: create, read, update, deactivate, reactivate.
  ...masterDataLinks('/api/items', 'sku'),
  ...masterDataLinks('/api/customers', 'code'),
  ...masterDataLinks('/api/suppliers', 'code'),
  ...masterDataLinks('/api/work-centres', 'code'),
  ...masterDataLinks('/api/tax-rates', 'code'),
  ...masterDataLinks('/api/accounts', 'code'),
  ...masterDataLinks('/api/warehouses', 'code'),
  ...masterDataLinks('/api/locations', 'code'),
  ...masterDataLinks('/api/users', 'username'),
  'PATCH /api/items/{key}': {
    200: {
      Suppliers: { to: 'GET /api/items/{sku}/suppliers', parameters: { sku: body('sku') } },
      Boms: { to: 'GET /api/items/{sku}/boms', parameters: { sku: body('sku') } },
    },
  },
  'POST /api/warehouses/{code}/zones': {
    201: {
      Update: {
        to: 'PATCH /api/warehouses/{code}/zones/{zone}',
        parameters: { code: body('warehouse'), zone: body('code') },
      },
      Deactivate: {
        to: 'POST /api/warehouses/{code}/zones/{zone}/deactivate',
        parameters: { code: body('warehouse'), zone: body('code') },
      },
    },
  },
  // Manufacturing and planning documents.
  'POST /api/production-orders/': {
    201: {
      ...documentLinks('/api/production-orders/{number}', 'number'),
      Update: { to: 'PATCH /api/production-orders/{number}', parameters: { number: body('number') } },
      Cancel: { to: 'POST /api/production-orders/{number}/cancel', parameters: { number: body('number') } },
    },
  },
  'POST /api/subcontract-orders/': {
    201: {
      ...documentLinks('/api/subcontract-orders/{orderNumber}', 'orderNumber'),
      Cancel: { to: 'POST /api/subcontract-orders/{orderNumber}/cancel', parameters: orderNumber },
    },
  },
  'POST /api/forecasts/': {
    201: {
      Get: { to: 'GET /api/forecasts/{id}', parameters: { id: body('id') } },
      Update: { to: 'PATCH /api/forecasts/{id}', parameters: { id: body('id') } },
      Delete: { to: 'DELETE /api/forecasts/{id}', parameters: { id: body('id') } },
    },
  },
  'POST /api/mrp-runs/': {
    202: {
      ...documentLinks('/api/mrp-runs/{id}', 'id'),
      Pegging: { to: 'GET /api/mrp-runs/{id}/pegging', parameters: { id: body('id') } },
    },
  },
  'POST /api/rule-sets/{code}/drafts': {
    201: {
      Get: {
        to: 'GET /api/rule-sets/{code}/versions/{version}',
        parameters: { code: body('ruleSetCode'), version: body('version') },
      },
      Update: {
        to: 'PUT /api/rule-sets/{code}/versions/{version}',
        parameters: { code: body('ruleSetCode'), version: body('version') },
      },
      DryRun: {
        to: 'POST /api/rule-sets/{code}/versions/{version}/dry-run',
        parameters: { code: body('ruleSetCode'), version: body('version') },
      },
    },
  },
  // Stock and accounting documents: create, then read.
  'POST /api/stock-counts/': {
    201: documentLinks('/api/stock-counts/{countNumber}', 'countNumber'),
  },
  'POST /api/supplier-returns/': {
    201: documentLinks('/api/supplier-returns/{returnNumber}', 'returnNumber'),
  },
  'POST /api/carrier-receipts/': {
    201: documentLinks('/api/carrier-receipts/{receiptNumber}', 'receiptNumber'),
  },
  'POST /api/supplier-invoices': {
    201: {
      Get: {
        to: 'GET /api/supplier-invoices/{supplierCode}/{invoiceNumber}',
        parameters: { supplierCode: body('supplierCode'), invoiceNumber: body('invoiceNumber') },
      },
      GetProcess: { to: 'GET /api/processes/{workflowId}', parameters: { workflowId: body('workflowId') } },
    },
  },
  'POST /api/journal-entries/': {
    201: { Get: { to: 'GET /api/journal-entries/{id}', parameters: { id: body('id') } } },
  },
  'POST /api/saved-views/': {
    201: { Delete: { to: 'DELETE /api/saved-views/{id}', parameters: { id: body('id') } } },
  },
};

/** A JSON Pointer to an operation of the document: `#/paths/~1api~1orders~1{orderNumber}/get`. */
export function operationRef(operation: string): string {
  const [method, path] = operation.split(' ') as [string, string];
  const escaped = path.replace(/~/g, '~0').replace(/\//g, '~1');
  return `#/paths/${escaped}/${method.toLowerCase()}`;
}

/** The OpenAPI path of a Fastify route URL: `/api/orders/:orderNumber` -> `/api/orders/{orderNumber}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The `links` of a route's responses, as @fastify/swagger takes them (status -> name -> OpenAPI link object). */
export function linksOf(
  method: string,
  url: string,
  table: LinkTable = OPERATION_LINKS,
): Record<string, Record<string, Record<string, unknown>>> | undefined {
  // A plugin's root route ('/' under a prefix) is registered both with and without its trailing slash.
  const path = openApiPath(url).replace(/\/$/, '');
  const byStatus = table[`${method.toUpperCase()} ${path}`] ?? table[`${method.toUpperCase()} ${path}/`];
  if (!byStatus) return undefined;
  return Object.fromEntries(
    Object.entries(byStatus).map(([status, links]) => [
      status,
      Object.fromEntries(
        Object.entries(links).map(([name, link]) => [
          name,
          {
            operationRef: operationRef(link.to),
            ...(link.parameters ? { parameters: link.parameters } : {}),
            ...(link.requestBody ? { requestBody: link.requestBody } : {}),
            description: link.description ?? `Then ${link.to}`,
          },
        ]),
      ),
    ]),
  );
}
