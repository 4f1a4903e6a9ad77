import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { pauseWaveSchedule, readWaveSchedule, saveWaveSchedule } from './wave-schedule-service';

const PLANNERS = ['supervisor', 'admin'] as const;
const params = z.object({ warehouseCode: z.string().trim().min(1).max(20) });

const scheduleBody = z.strictObject({
  intervalMinutes: z
    .int()
    .min(1)
    .max(24 * 60),
  carrier: z.string().trim().min(1).max(40),
  cutoffTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, the carrier’s daily cut-off in the company’s time zone'),
  zones: z
    .array(z.string().trim().min(1).max(20))
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'a zone is listed twice')
    .optional(),
  pickSlaMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  paused: z.boolean().default(false),
});

const scheduleResponse = z.object({
  warehouseCode: z.string(),
  scheduleId: z.string(),
  intervalMinutes: z.number(),
  carrier: z.string(),
  cutoffTime: z.string(),
  zones: z.array(z.string()).optional(),
  pickSlaMinutes: z.number(),
  paused: z.boolean(),
  nextRunAt: z.string().nullable(),
  recentRuns: z.array(z.object({ scheduledAt: z.string(), workflowId: z.string() })),
});

/** A warehouse's scheduled wave release (issue 20): its Temporal Schedule, set, paused and read by supervisors. */
export function waveScheduleRoutes(deps: {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/:warehouseCode',
      {
        config: { roles: PLANNERS },
        schema: {
          ...routeDocs({
            summary: 'Set a warehouse’s scheduled wave release',
            description:
              'Creates or updates the warehouse’s Temporal Schedule wave-release:<warehouse>: every intervalMinutes ' +
              'a run plans waves from the orders waiting for one (in the given zones) under the published wave rules, ' +
              'with the carrier and its next daily cut-off, and releases those the rules release now (their ' +
              'pick-wave:<id> workflows; wave ids from the run’s fire time). Audited.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['waves'],
          params,
          body: scheduleBody,
          response: { 200: scheduleResponse },
        },
      },
      async (request) =>
        saveWaveSchedule(deps, request.params.warehouseCode, request.body, currentUser(request).username),
    );

    app.post(
      '/:warehouseCode/pause',
      {
        config: { roles: PLANNERS },
        schema: {
          ...routeDocs({
            summary: 'Pause or resume a scheduled wave release',
            description: 'Pauses (paused: true) or resumes the warehouse’s wave-release schedule. Audited.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['waves'],
          params,
          body: z.strictObject({ paused: z.boolean() }),
          response: { 200: scheduleResponse },
        },
      },
      async (request) =>
        pauseWaveSchedule(deps, request.params.warehouseCode, request.body.paused, currentUser(request).username),
    );

    app.get(
      '/:warehouseCode',
      {
        config: { roles: [...PLANNERS, 'auditor'] },
        schema: {
          ...routeDocs({
            summary: 'A warehouse’s scheduled wave release',
            description: 'Its settings, whether it is paused, its next run and its recent runs (from Temporal).',
            errors: ['NOT_FOUND'],
          }),
          tags: ['waves'],
          params,
          response: { 200: scheduleResponse },
        },
      },
      async (request) => readWaveSchedule(deps.temporal, request.params.warehouseCode),
    );
  };
}
