import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkpointsToCsv, listCheckpoints } from '../../db/audit/checkpoints';
import { sealAuditLog } from '../../db/audit/seal';
import { verifyAuditChain } from '../../db/audit/verify';
import type { Role } from '../../db/entities';
import { routeDocs } from '../openapi/route-docs';
import { chainVerificationSchema, checkpointSchema } from './audit-schemas';
import { auditTrailRoutes } from './audit-trail';
import { processHistoryRoutes } from './process-history-routes';

/** Auditors read everything; admins may too. Sealing first only appends the chain's own seals, never business data. */
const AUDIT_READERS: readonly Role[] = ['admin', 'auditor'];

/** The audit chain (issue 18): verification and the daily checkpoints an outside party keeps. */
export function auditRoutes(orm: MikroORM, temporal: Client): FastifyPluginAsyncZod {
  return async (app) => {
    // The searchable trail and its CSV/JSON exports with the chain hashes (api/audit/audit-trail.ts).
    await app.register(auditTrailRoutes(orm));
    // A process instance's whole Temporal history with the user of each update and signal; one decision explained.
    await app.register(processHistoryRoutes({ orm, temporal }));

    app.get(
      '/verify',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'Verify the audit chain',
            description:
              'Seals the audit rows committed since the last sealing run, then walks the whole chain by position: ' +
              "recomputes each row's sha256 content hash and each link, and reports the first position that fails " +
              '(changed content, broken link, deleted row, missing position) and how many positions verified. A ' +
              'rewritten row whose chain after it was re-hashed is only caught against checkpoints held outside ' +
              '(`npm run audit:verify -- --checkpoints <file>`). Changes no business data.',
          }),
          response: { 200: chainVerificationSchema },
        },
      },
      async () => {
        await sealAuditLog(orm.em.fork());
        return verifyAuditChain(orm.em.fork());
      },
    );

    app.get(
      '/checkpoints',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'List the audit chain checkpoints',
            description:
              "The chain head (position and chain hash) at the end of each UTC day, today's so far, after sealing " +
              'the newest rows. Give them to an outside party: verifying against them (`npm run audit:verify -- ' +
              '--checkpoints <file>`) catches a rewritten and re-hashed chain. As CSV: `/checkpoints/export.csv`.',
          }),
          response: { 200: z.array(checkpointSchema) },
        },
      },
      async () => {
        await sealAuditLog(orm.em.fork());
        return listCheckpoints(orm.em.fork());
      },
    );

    app.get(
      '/checkpoints/export.csv',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'Export the audit chain checkpoints as CSV',
            description:
              'The same checkpoints as `/checkpoints`, as CSV (`day,seq,chain_hash`, one line per day), after sealing ' +
              'the newest rows: the file an outside party keeps.',
          }),
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text: a `day,seq,chain_hash` header, then one line per day') },
        },
      },
      async (_request, reply) => {
        await sealAuditLog(orm.em.fork());
        const checkpoints = await listCheckpoints(orm.em.fork());
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-checkpoints.csv"')
          .send(checkpointsToCsv(checkpoints));
      },
    );
  };
}
