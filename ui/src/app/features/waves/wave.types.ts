/** Wire types of the pick-wave screens (issue 20), as the API's zod schemas in api/waves/ declare them. */

export const WAVE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type WavePriority = (typeof WAVE_PRIORITIES)[number];

/** One row of `GET /api/waves/waiting-orders`. */
export interface WaitingOrder {
  orderNumber: string;
  customerCode: string;
  customerName: string;
  requestedDate: string | null;
  lines: number;
  units: number;
  zones: string;
  waitingSince: string;
}

/** One row of `GET /api/waves`. */
export interface WaveRow {
  waveId: string;
  workflowId: string;
  status: string;
  currentStep: string;
  openTasks: number;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface PlanOrder {
  orderNumber: string;
  carrier: string;
  cutoffAt: string;
  priority: WavePriority;
}

export interface ProposedWave {
  key: string;
  orderNumbers: string[];
  carrier: string;
  cutoffAt: string;
  zones: string[];
  lines: number;
  units: number;
  rule: string | null;
  release: { action: string; reason: string; releaseAt: string | null };
  decisionIds: number[];
}

export interface WaveProposal {
  ruleSet: { code: string; version: number };
  waves: ProposedWave[];
}

export interface WaveStopShare {
  orderNumber: string;
  lineNo: number;
  quantity: number;
}

export interface WaveStopItem {
  itemSku: string;
  lotCode: string | null;
  quantity: number;
  orders: WaveStopShare[];
}

export interface WaveStop {
  stop: number;
  locationCode: string;
  pickSequence: number;
  items: WaveStopItem[];
}

export interface WaveZonePath {
  zoneCode: string;
  stops: WaveStop[];
}

export interface WavePickedItem {
  locationCode: string;
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}

export interface WavePut {
  orderNumber: string;
  lineNo: number;
  locationCode: string;
  lotCode: string | null;
  quantity: number;
}

export interface WaveOrder {
  orderNumber: string;
  status: 'invited' | 'joined' | 'released' | 'left';
  round: number | null;
  reason: string | null;
  lines: Array<{ lineNo: number; itemSku: string }>;
}

/** `GET /api/waves/:waveId`: the workflow's live state. */
export interface WaveProgress {
  waveId: string;
  step: string;
  orders: WaveOrder[];
  paths: WaveZonePath[];
  visits: { wave: number; separate: number } | null;
  picked: Array<{ zoneCode: string; pickedBy: string; picked: WavePickedItem[] }>;
  sortedBy: string | null;
  /** Absent when the wave needed no pick-face replenishment. */
  replenishment?: WaveReplenishment;
}

/** A task of the wave as the process detail lists it. */
export interface WaveTask {
  id: string;
  taskType: string;
  title: string;
  status: string;
  assignee: string | null;
  payload: { zoneCode?: string } | null;
}

/** The zone pick task's payload (`wave-pick`) and its completion. */
export interface ZonePickPayload {
  waveId: string;
  zoneCode: string;
  stops: WaveStop[];
}
export interface ZonePickCompletion {
  picked: WavePickedItem[];
}

/** The sort task's payload (`wave-sort`) and its completion. */
export interface SortPayload {
  waveId: string;
  picked: WavePickedItem[];
  proposed: WavePut[];
}
export interface SortCompletion {
  puts: WavePut[];
}

/** One move of a pick-face replenishment: a lot from a reserve bin to a face. */
export interface ReplenishMove {
  fromLocation: string;
  toLocation: string;
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}

/** A face the wave's picks would take below its minimum, and how it is filled. */
export interface WaveFaceReplenishment {
  locationCode: string;
  zoneCode: string;
  itemSku: string;
  minQuantity: number;
  maxQuantity: number;
  onHand: number;
  wavePicks: number;
  projected: number;
  wanted: number;
  quantity: number;
  moves: ReplenishMove[];
}

/** The wave's replenishment in its progress: open while the clerk moves stock (the zones it names wait). */
export interface WaveReplenishment {
  status: 'open' | 'booked' | 'withdrawn' | 'refused';
  faces: WaveFaceReplenishment[];
  waitingZones: string[];
  movedBy: string | null;
  moved: ReplenishMove[];
  problem: string | null;
}

/** The replenishment task's payload (`wave-replenish`) and its completion (a move left out stays in reserve). */
export interface ReplenishPayload {
  waveId: string;
  faces: WaveFaceReplenishment[];
  moves: ReplenishMove[];
  waitingPickLines: number;
  cutoffAt?: string;
}
export interface ReplenishCompletion {
  moved: ReplenishMove[];
}

/** What a supervisor sets for a warehouse's scheduled wave release (`PUT /api/waves/schedules/:warehouseCode`). */
export interface WaveScheduleSettings {
  /** Minutes between runs (1 to 1,440). */
  intervalMinutes: number;
  carrier: string;
  /** The carrier's daily cut-off, HH:MM on the company clock. */
  cutoffTime: string;
  /** Zones whose waiting orders a run takes; absent: the whole warehouse. */
  zones?: string[];
  /** Minutes the wave's pick tasks have before they escalate. */
  pickSlaMinutes: number;
  paused: boolean;
}

/** `GET /api/waves/schedules/:warehouseCode`: the schedule as Temporal holds it, its next run and its recent runs. */
export interface WaveSchedule extends WaveScheduleSettings {
  warehouseCode: string;
  scheduleId: string;
  nextRunAt: string | null;
  recentRuns: Array<{ scheduledAt: string; workflowId: string }>;
}

/** A warehouse a schedule can be set for (`GET /api/warehouses`: physical ones only). */
export interface ScheduleWarehouse {
  code: string;
  name: string;
  virtual: boolean;
  active?: boolean;
}
