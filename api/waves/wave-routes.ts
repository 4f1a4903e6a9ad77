import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WAVE_PRIORITIES } from '../../rules/waves/plan-waves';
import type { WaveReplenishment } from '../../workflows/pick-wave/pick-wave.contract';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { waveScheduleRoutes } from './wave-schedule-routes';
import { proposeWaves, releaseWave, waveProgress } from './wave-service';

const PLANNERS = ['supervisor', 'admin'] as const;
const code = z.string().trim().min(1).max(30);
const orderNumbers = z.array(code).min(1).max(500);

const planBody = z.strictObject({
  orders: z
    .array(
      z.strictObject({
        orderNumber: code,
        carrier: z.string().trim().min(1).max(40),
        cutoffAt: z.iso.datetime({ offset: true }),
        priority: z.enum(WAVE_PRIORITIES).default('normal'),
      }),
    )
    .min(1)
    .max(500)
    .superRefine((orders, ctx) => {
      orders.forEach((order, index) => {
        if (orders.findIndex((o) => o.orderNumber === order.orderNumber) < index) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'orderNumber'],
            message: `${order.orderNumber} is listed twice`,
          });
        }
      });
    }),
});

const releaseBody = z.strictObject({
  waveId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'letters, digits and dashes, at most 40'),
  orderNumbers: orderNumbers.refine((list) => new Set(list).size === list.length, 'an order is listed twice'),
  pickSlaMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** The carrier's cut-off (the plan proposes it): the alerts sweep warns when the wave's open work runs past it. */
  cutoffAt: z.iso
    .datetime({ offset: true })
    .refine((at) => Date.parse(at) > Date.now(), 'the cut-off has already passed: a wave released now cannot make it')
    .optional(),
});

const proposalResponse = z.object({
  ruleSet: z.object({ code: z.string(), version: z.number() }),
  waves: z.array(
    z.object({
      key: z.string(),
      orderNumbers: z.array(z.string()),
      carrier: z.string(),
      cutoffAt: z.string(),
      zones: z.array(z.string()),
      lines: z.number(),
      units: z.number(),
      rule: z.string().nullable(),
      release: z.object({ action: z.string(), reason: z.string(), releaseAt: z.string().nullable() }),
      decisionIds: z.array(z.number()),
    }),
  ),
});

const replenishMove = z.object({
  fromLocation: z.string(),
  toLocation: z.string(),
  itemSku: z.string(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
});

/** The wave's pick-face replenishment (workflows/pick-wave contract's WaveReplenishment); absent when none was needed. */
const replenishmentResponse = z.object({
  status: z.enum(['open', 'booked', 'withdrawn', 'refused']),
  faces: z.array(
    z.object({
      locationCode: z.string(),
      zoneCode: z.string(),
      itemSku: z.string(),
      minQuantity: z.number(),
      maxQuantity: z.number(),
      onHand: z.number(),
      wavePicks: z.number(),
      projected: z.number(),
      wanted: z.number(),
      quantity: z.number(),
      moves: z.array(replenishMove),
    }),
  ),
  waitingZones: z.array(z.string()),
  movedBy: z.string().nullable(),
  moved: z.array(replenishMove),
  problem: z.string().nullable(),
}) satisfies z.ZodType<WaveReplenishment>;

const progressResponse = z.object({
  waveId: z.string(),
  step: z.string(),
  orders: z.array(
    z.object({
      orderNumber: z.string(),
      status: z.string(),
      round: z.number().nullable(),
      reason: z.string().nullable(),
      lines: z.array(z.unknown()),
    }),
  ),
  paths: z.array(z.unknown()),
  visits: z.object({ wave: z.number(), separate: z.number() }).nullable(),
  picked: z.array(z.unknown()),
  sortedBy: z.string().nullable(),
  replenishment: replenishmentResponse.optional(),
});

/** Pick waves (issue 20): propose waves for released orders, release one (a supervisor), follow its progress. */
export function waveRoutes(deps: { orm: MikroORM; temporal: Client; taskQueue: string }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(waveScheduleRoutes(deps), { prefix: '/schedules' });

    app.post(
      '/plan',
      {
        config: { roles: PLANNERS },
        schema: {
          ...routeDocs({
            summary: 'Propose pick waves',
            description:
              'Decides each order’s wave policy under the wave rules in force (each decision stored with its facts, ' +
              'fired rules and why the other rules lost) and groups the orders into proposed waves with their ' +
              'release (now, hold until a time, or a supervisor). Changes no stock.',
            errors: ['VALIDATION_FAILED', 'NO_PUBLISHED_RULES'],
          }),
          tags: ['waves'],
          body: planBody,
          response: { 200: proposalResponse },
        },
      },
      async (request) => proposeWaves(deps.orm, request.body.orders, currentUser(request).username),
    );

    app.post(
      '/',
      {
        config: { roles: PLANNERS },
        schema: {
          ...routeDocs({
            summary: 'Release a pick wave',
            description:
              'Starts the wave’s pick-wave:<waveId> workflow: each order waiting for its pick joins with its own ' +
              'allocation, the wave fills the pick faces its picks would take below their minimum (a replenishment ' +
              'task the zones touching them wait for), sends one pick task per zone on one path, then a sort task. ' +
              'With cutoffAt, the alerts sweep warns when the wave will miss it. Its orders are recorded as taken ' +
              'by it, so the scheduled release and the waiting list leave them alone while it invites them. Refused ' +
              '(409 DUPLICATE, nothing recorded) when the wave id was released before or another wave is still ' +
              'taking one of the orders (naming orderNumbers[i]).',
            errors: ['VALIDATION_FAILED', 'DUPLICATE'],
          }),
          tags: ['waves'],
          body: releaseBody,
          response: { 202: z.object({ waveId: z.string(), workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const { waveId, orderNumbers: orders, pickSlaMinutes, cutoffAt } = request.body;
        const requestedBy = currentUser(request).username;
        const input = { waveId, orderNumbers: orders, requestedBy, pickSlaMinutes, ...(cutoffAt ? { cutoffAt } : {}) };
        const started = await releaseWave(deps, input);
        return reply.code(202).send({ waveId, ...started });
      },
    );

    app.get(
      '/:waveId',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'A pick wave’s progress',
            description: 'The wave’s step, each order’s part (joined, left and why, released), its paths and picks.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['waves'],
          params: z.object({ waveId: z.string().max(40) }),
          response: { 200: progressResponse },
        },
      },
      async (request) => waveProgress(deps.temporal, request.params.waveId),
    );
  };
}
