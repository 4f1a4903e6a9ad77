import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Customer } from '../../db/entities';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { csvResponse, listPage, sendCsvStream } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';
import {
  customerMaterialPosted,
  customerMaterialReceiptBody,
  customerMaterialReturnBody,
  customerMaterialStatementRow,
} from './customer-material-schemas';
import { receiveCustomerMaterial, returnCustomerMaterial } from './customer-material-service';
import {
  customerMaterialStatementList,
  customerMaterialStatementQuery,
  type CustomerMaterialStatementQuery,
} from './customer-material-statement';

/** What the books may refuse about a line's move (each named on its field): documented on both routes. */
const MOVE_REFUSALS = [
  'UNKNOWN_ITEM',
  'UNKNOWN_LOCATION',
  'UNKNOWN_LOT',
  'INVALID_QUANTITY',
  'INVALID_MOVE',
  'INSUFFICIENT_STOCK',
  'PERIOD_CLOSED',
  'PERIOD_BEFORE_CLOSED',
  'PERIOD_SOFT_LOCKED',
  'PERIOD_BEYOND_HORIZON',
] as const;

export interface CustomerMaterialDeps {
  orm: MikroORM;
  intake: IntakeContext;
}

const WRITERS = { roles: ['clerk', 'admin'] as const };

/** A statement naming a customer names one that exists (a typo answers 400, not an empty statement). */
async function knownCustomer(orm: MikroORM, query: CustomerMaterialStatementQuery) {
  if (!query.customer) return query;
  const found = await orm.em.fork().count(Customer, { code: query.customer });
  if (found === 0) throw new ApiError('UNKNOWN_CUSTOMER', `No customer ${query.customer}`, 'customer');
  return query;
}

/**
 * Customer-supplied material (issue 15): receipts of a customer's material against their order, returns of what is
 * left, and the per-customer statement. The material is the customer's stock (owner set on every move and balance):
 * counted, never valued, never allocated to our sales or planned as our supply.
 */
export function customerMaterialRoutes(deps: CustomerMaterialDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/receipts',
      {
        config: WRITERS,
        schema: {
          ...routeDocs({
            summary: 'Receive a customer’s material',
            description:
              'Posts one receipt move per line into `location`, owned by the customer, against their sales order ' +
              '(salesOrderNumber, which must be theirs) or their reference (customerReference). Never valued: no ' +
              'layer, no journal entry, Inventory untouched. Refuses an unknown customer (customerCode), another ' +
              'customer’s order (salesOrderNumber), an unknown item, lot or location (lines[i].…, location), with ' +
              'nothing kept. Send an Idempotency-Key to retry safely.',
            errors: ['VALIDATION_FAILED', 'UNKNOWN_CUSTOMER', ...MOVE_REFUSALS, 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['stock'],
          headers: idempotencyHeaders,
          body: customerMaterialReceiptBody,
          response: { 201: customerMaterialPosted },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/customer-material/receipts', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          receiveCustomerMaterial(em, request.body, username),
        );
        return reply.status(status).send(body);
      },
    );

    app.post(
      '/returns',
      {
        config: WRITERS,
        schema: {
          ...routeDocs({
            summary: 'Return a customer’s material to them',
            description:
              'Posts one issue move per line out of `location`, from the customer’s own stock there (never ours), ' +
              'valued at nothing. More than we hold of theirs refuses the return naming lines[i].quantity; an ' +
              'unknown customer names customerCode; nothing is kept. Send an Idempotency-Key to retry safely.',
            errors: ['VALIDATION_FAILED', 'UNKNOWN_CUSTOMER', ...MOVE_REFUSALS, 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['stock'],
          headers: idempotencyHeaders,
          body: customerMaterialReturnBody,
          response: { 201: customerMaterialPosted },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/customer-material/returns', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          returnCustomerMaterial(em, request.body, username),
        );
        return reply.status(status).send(body);
      },
    );

    const statementDocs = (what: string) =>
      routeDocs({
        summary: what,
        description:
          'What we hold of a customer’s material (customer=CODE; every customer’s when left out), per item, lot and ' +
          'location: received, moved in and out (sent to a supplier, brought back), used and in which orders, ' +
          'returned, and held now; filtered by item, sorted by any column (`sort=field|-field`). An unknown customer ' +
          'answers 400 naming customer. Reads only.',
        errors: ['UNKNOWN_CUSTOMER'],
      });

    app.get(
      '/statement',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...statementDocs('Customer material statement'),
          tags: ['reports'],
          querystring: customerMaterialStatementQuery,
          response: { 200: pageOf(customerMaterialStatementRow) },
        },
      },
      async (request) =>
        listPage(deps.orm.em.fork(), customerMaterialStatementList, await knownCustomer(deps.orm, request.query)),
    );

    app.get(
      '/statement/export.csv',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...statementDocs('Export a customer material statement as CSV'),
          tags: ['reports'],
          querystring: customerMaterialStatementQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) =>
        sendCsvStream(
          reply,
          deps.orm.em.fork(),
          customerMaterialStatementList,
          await knownCustomer(deps.orm, request.query),
          `customer-material-${request.query.customer || 'all'}.csv`,
        ),
    );
  };
}
