/** The figures of the home page's panels, as /api/dashboards answers them (api/dashboards/dashboard-schemas.ts). */
export interface TaskCounts {
  open: number;
  dueSoon: number;
  breached: number;
}

export interface UrgentTask {
  id: string;
  title: string;
  taskType: string;
  businessKey: string;
  assignee: string | null;
  dueAt: string;
  breached: boolean;
}

export interface TaskPanel {
  dueSoonMinutes: number;
  mine: TaskCounts;
  inbox: TaskCounts;
  urgent: UrgentTask[];
}

export interface ClerkDashboard {
  tasks: TaskPanel;
}

export interface PlannerDashboard {
  tasks: TaskPanel;
  suggestions: number;
  pastDueSuggestions: number;
  exceptions: number;
  lateProductionOrders: number;
  late: Array<{ number: string; itemSku: string; dueDate: string; status: string }>;
}

export interface ControllerDashboard {
  tasks: TaskPanel;
  periodClosesRunning: number;
  periodClosesBlocked: number;
  periodsSoftLocked: number;
  unpostedInvoices: number;
  invoicesAwaitingApproval: number;
  unpostedAmount: number;
  closes: Array<{ businessKey: string; currentStep: string }>;
}

export interface DaySeries {
  name: string;
  values: number[];
}

export interface AdminDashboard {
  days: string[];
  tasks: TaskCounts;
  throughput: DaySeries[];
  slaBreaches: DaySeries[];
  ruleDecisions: DaySeries[];
  stockAging: Array<{ bucket: string; lots: number; value: number }>;
  valueByCategory: Array<{ category: string; value: number }>;
  inventoryValue: number[];
}

/** What one chart draws: a category axis and one or more series over it. */
export interface ChartData {
  labels: string[];
  series: DaySeries[];
}
