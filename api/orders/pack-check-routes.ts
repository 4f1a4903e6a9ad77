import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import {
  checkPackage,
  listPackCheckPolicies,
  packCheckView,
  setPackCheckPolicy,
  type PackCheckDeps,
} from './pack-check-service';

const orderParams = z.object({ orderNumber: z.string().max(30) });
const packageParams = orderParams.extend({ packageNo: z.string().min(1).max(40) });
const policyParams = z.object({ scope: z.enum(['warehouse', 'customer']), code: z.string().trim().min(1).max(40) });

const problem = z.object({ path: z.string(), message: z.string() });
const expectedLine = z.object({
  lineNo: z.number(),
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
});
const viewSchema = z.object({
  orderNumber: z.string(),
  customerName: z.string().nullable(),
  step: z.string(),
  required: z.boolean(),
  open: z.boolean(),
  shipTaskId: z.string().nullable(),
  packages: z.array(
    z.object({
      packageNo: z.string(),
      dock: z.string().nullable(),
      lines: z.array(expectedLine),
      checkedBy: z.string().nullable(),
      checkedAt: z.string().nullable(),
      attempts: z.number(),
    }),
  ),
  attempts: z.array(
    z.object({
      packageNo: z.string(),
      matched: z.boolean(),
      problems: z.array(problem),
      checkedBy: z.string(),
      checkedAt: z.string(),
    }),
  ),
});
const policySchema = z.object({
  scope: z.enum(['warehouse', 'customer']),
  code: z.string(),
  required: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

/**
 * Pack check (issue 20): before a shipment is confirmed, each package's content is checked line by line (item, lot,
 * quantity, scanned or typed). Registered by the order routes (/api/orders): `/:orderNumber/pack-check` and the
 * policy of which warehouses and customers check their packages, `/pack-check-policies`.
 */
export function packCheckRoutes(deps: PackCheckDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:orderNumber/pack-check',
      {
        config: { roles: ['clerk', 'controller', 'admin', 'auditor'] },
        schema: {
          ...routeDocs({
            summary: "An order's pack check",
            description:
              "What each package of the order's shipment should hold (item, lot and quantity: the packer's contents " +
              'filled with the lots picked to its dock), whether it has passed its check, by whom and when, and every ' +
              'attempt so far. `required` is false only when the customer or the warehouse has opted out of the check.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['orders'],
          params: orderParams,
          response: { 200: viewSchema },
        },
      },
      async (request) => packCheckView(deps, request.params.orderNumber),
    );

    app.post(
      '/:orderNumber/pack-check/packages/:packageNo',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Check the content of a package',
            description:
              'Compares the lines the clerk scanned or typed (item, lot, quantity) with what the package should hold. ' +
              'A wrong item, lot or quantity, a line scanned twice or a line missing is refused (422) naming each line ' +
              'and field; a match is recorded on the order, whose ship task accepts the shipment once every package ' +
              'matched. Every attempt is kept with who and when, and audited.',
            errors: ['NOT_FOUND', 'PACK_CHECK_MISMATCH', 'PACK_CHECK_NOT_OPEN'],
          }),
          tags: ['orders'],
          params: packageParams,
          body: z.object({
            lines: z
              .array(
                z.object({
                  itemSku: z.string().trim().max(40),
                  lotCode: z.string().trim().max(60).nullable().optional(),
                  quantity: z.number().min(0).max(1_000_000),
                }),
              )
              .max(500),
          }),
          response: {
            200: z.object({
              packageNo: z.string(),
              checkedBy: z.string(),
              checkedAt: z.string(),
              allChecked: z.boolean(),
            }),
          },
        },
      },
      async (request) =>
        checkPackage(
          deps,
          request.params.orderNumber,
          request.params.packageNo,
          request.body.lines.map((line) => ({
            itemSku: line.itemSku,
            lotCode: line.lotCode ? line.lotCode : null,
            quantity: line.quantity,
          })),
          currentUser(request).username,
        ),
    );

    app.get(
      '/pack-check-policies',
      {
        config: { roles: ['clerk', 'controller', 'admin', 'auditor'] },
        schema: {
          ...routeDocs({
            summary: 'Which warehouses and customers opted out of the pack check',
            description:
              'The pack check policy rows. Every package is checked before it ships unless its customer or a warehouse ' +
              'it is staged in has a row with `required: false` (an opt-out); a `required: true` row keeps the check ' +
              'even where the other side opted out.',
            errors: [],
          }),
          tags: ['orders'],
          response: { 200: z.object({ policies: z.array(policySchema) }) },
        },
      },
      async () => ({ policies: await listPackCheckPolicies(deps.orm) }),
    );

    app.put(
      '/pack-check-policies/:scope/:code',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          ...routeDocs({
            summary: "Set whether a warehouse's or customer's packages are checked",
            description:
              'Packages are checked by default. `required: false` opts this customer (or orders staged in this ' +
              'warehouse) out of the pack check from the next packing on; `required: true` takes the opt-out back and ' +
              'keeps the check even where the other side opted out. Supervisors and admins; audited.',
            errors: ['UNKNOWN_WAREHOUSE', 'UNKNOWN_CUSTOMER'],
          }),
          tags: ['orders'],
          params: policyParams,
          body: z.object({ required: z.boolean() }),
          response: { 200: policySchema },
        },
      },
      async (request) =>
        setPackCheckPolicy(
          deps.orm,
          request.params.scope,
          request.params.code,
          request.body.required,
          currentUser(request).username,
        ),
    );
  };
}
