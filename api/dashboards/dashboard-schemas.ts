import { z } from 'zod';
import { AGING_BUCKETS } from '../../db/repositories/stock-report-repository';

const count = z.number().int();
const taskCounts = z.object({
  open: count.describe('Open or claimed'),
  dueSoon: count.describe('Due within the window, not yet past due'),
  breached: count.describe('Past their due time (SLA breached) and still open'),
});

/** A role's inbox and the caller's own tasks, with the most pressing few. */
export const taskPanelSchema = z.object({
  dueSoonMinutes: count,
  mine: taskCounts.describe("Tasks assigned to the caller (claimed), whoever's inbox they came from"),
  inbox: taskCounts.describe("The role's inbox: tasks offered to the role, claimed or not"),
  urgent: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        taskType: z.string(),
        businessKey: z.string(),
        assignee: z.string().nullable(),
        dueAt: z.string(),
        breached: z.boolean(),
      }),
    )
    .describe('Up to 10 open tasks past due or due within the window, soonest first'),
});

export const clerkDashboard = z.object({ tasks: taskPanelSchema });

export const plannerDashboard = z.object({
  tasks: taskPanelSchema,
  suggestions: count.describe('Planned orders of the live MRP plans not yet released (suggested or approved)'),
  pastDueSuggestions: count.describe('Of those, the ones whose release date has passed'),
  exceptions: count.describe('Exception messages of the live MRP plans'),
  lateProductionOrders: count.describe('Production orders still open past their due date'),
  late: z.array(z.object({ number: z.string(), itemSku: z.string(), dueDate: z.string(), status: z.string() })),
});

export const controllerDashboard = z.object({
  tasks: taskPanelSchema,
  periodClosesRunning: count.describe('Period closes under way'),
  periodClosesBlocked: count.describe('Of those, stopped at a step until its problems are fixed'),
  periodsSoftLocked: count.describe('Periods soft-locked and not yet closed'),
  unpostedInvoices: count.describe('Supplier invoices matching or awaiting a decision (not posted)'),
  invoicesAwaitingApproval: count.describe('Of those, outside tolerance and waiting for a controller'),
  unpostedAmount: z.number().describe('Their gross total'),
  closes: z.array(z.object({ businessKey: z.string(), currentStep: z.string() })),
});

const series = z.array(z.object({ name: z.string(), values: z.array(z.number()) }));

export const adminDashboard = z.object({
  days: z.array(z.string()).describe('The company days the series cover, oldest first (YYYY-MM-DD)'),
  tasks: z.object({ open: count, dueSoon: count, breached: count }).describe('Every open task, any role'),
  throughput: series.describe('Processes completed per process type per day'),
  slaBreaches: series.describe('Tasks past due per task type, by the day they fell due'),
  ruleDecisions: series.describe('Rule decisions per rule-set type and version per day'),
  stockAging: z
    .array(z.object({ bucket: z.enum(AGING_BUCKETS), lots: count, value: z.number() }))
    .describe('Valued lots by days since receipt'),
  valueByCategory: z.array(z.object({ category: z.string(), value: z.number() })).describe('Stock value now'),
  inventoryValue: z.array(z.number()).describe('Inventory (1300) at the end of each day'),
});

export const dashboardQuery = z.object({
  dueSoonMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_080)
    .default(240)
    .describe('What counts as due soon: due within this many minutes (default 240: half a shift)'),
});

export const adminQuery = z.object({
  days: z.coerce.number().int().min(1).max(92).default(14).describe('How many days the series cover (default 14)'),
});
