import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Role } from '../../db/entities';
import { currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import {
  allTaskCounts,
  controllerFigures,
  inventoryValueByDay,
  lastDays,
  plannerFigures,
  ruleDecisions,
  slaBreaches,
  stockAging,
  taskPanel,
  throughput,
  valueByCategory,
} from './dashboard-queries';
import {
  adminDashboard,
  adminQuery,
  clerkDashboard,
  controllerDashboard,
  dashboardQuery,
  plannerDashboard,
} from './dashboard-schemas';

/** What "due soon" means on the admin's figures: as the role panels' default (dashboardQuery). */
const DUE_SOON_DEFAULT = 240;

/** Each panel's readers: its own role, and admins (who may look at any role's home page). */
const READERS: Readonly<Record<'clerk' | 'planner' | 'controller', readonly Role[]>> = {
  clerk: ['clerk', 'admin'],
  planner: ['planner', 'admin'],
  controller: ['controller', 'admin'],
};

const docs = (summary: string, description: string) => ({
  tags: ['dashboards'],
  ...routeDocs({ summary, description: `${description} Reads only.` }),
});

/** The console's home page per role (issue 19): one call per panel, its figures computed in PostgreSQL. */
export function dashboardRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/clerk',
      {
        config: { roles: READERS.clerk },
        schema: {
          ...docs(
            "A clerk's home page",
            "The clerks' inbox and the caller's own tasks: open, due soon and past due (SLA breached), with the most " +
              'pressing ten.',
          ),
          querystring: dashboardQuery,
          response: { 200: clerkDashboard },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const user = currentUser(request);
        return { tasks: await taskPanel(em, user.username, ['clerk'], request.query.dueSoonMinutes) };
      },
    );

    app.get(
      '/planner',
      {
        config: { roles: READERS.planner },
        schema: {
          ...docs(
            "A planner's home page",
            "The planners' tasks, the live MRP plans' open suggestions and exceptions, and production orders late.",
          ),
          querystring: dashboardQuery,
          response: { 200: plannerDashboard },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const user = currentUser(request);
        const tasks = await taskPanel(em, user.username, ['planner'], request.query.dueSoonMinutes);
        return { tasks, ...(await plannerFigures(em)) };
      },
    );

    app.get(
      '/controller',
      {
        config: { roles: READERS.controller },
        schema: {
          ...docs(
            "A controller's home page",
            "The controllers' tasks, period closes under way (and stopped), soft-locked periods and supplier " +
              'invoices not yet posted.',
          ),
          querystring: dashboardQuery,
          response: { 200: controllerDashboard },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const user = currentUser(request);
        const tasks = await taskPanel(em, user.username, ['controller'], request.query.dueSoonMinutes);
        return { tasks, ...(await controllerFigures(em)) };
      },
    );

    app.get(
      '/admin',
      {
        config: { roles: ['admin'] },
        schema: {
          ...docs(
            "An administrator's home page",
            'Day series over the last days (14 by default): processes completed per type, SLA breaches per task ' +
              'type, rule decisions per rule-set version; stock by lot age, stock value per category and inventory ' +
              '(1300) at the end of each day; every open task.',
          ),
          querystring: adminQuery,
          response: { 200: adminDashboard },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const days = await lastDays(em, request.query.days);
        return {
          days,
          tasks: await allTaskCounts(em, DUE_SOON_DEFAULT),
          throughput: await throughput(em, days),
          slaBreaches: await slaBreaches(em, days),
          ruleDecisions: await ruleDecisions(em, days),
          stockAging: await stockAging(em),
          valueByCategory: await valueByCategory(em),
          inventoryValue: await inventoryValueByDay(em, days),
        };
      },
    );
  };
}
