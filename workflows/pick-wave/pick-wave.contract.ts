import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ConfirmedPick, ReservedLine } from '../order-fulfillment/order-fulfillment.contract';

/** The process type recorded in search attributes and the process-instance projection. */
export const PICK_WAVE = 'pick-wave';

/** One wave, one instance: the id is derived from the wave's id. */
export function pickWaveWorkflowId(waveId: string): string {
  return `${PICK_WAVE}:${waveId}`;
}

export interface PickWaveInput {
  waveId: string;
  /** The orders the wave takes (each must wait for its pick: its own workflow is at awaiting-pick). */
  orderNumbers: string[];
  /** Who released the wave (a supervisor, or `schedule`). */
  requestedBy: string;
  /** Minutes before a zone pick or the sort task escalates. */
  pickSlaMinutes: number;
  /** How long the wave waits for its orders to join before it goes on without the missing ones (default 10). */
  joinTimeoutMinutes?: number;
  /** ISO timestamp of the carrier's cut-off; the wave's tasks carry it so the alerts sweep can warn before it passes. */
  cutoffAt?: string;
}

export const WAVE_DEFAULTS = { joinTimeoutMinutes: 10 } as const;

export type PickWaveStep = 'joining' | 'planning' | 'picking' | 'sorting' | 'releasing' | 'completed' | 'cancelled';

/** One order of the wave: invited, joined with its allocation, handed its picks (released), or gone (left). */
export interface WaveOrder {
  orderNumber: string;
  status: 'invited' | 'joined' | 'released' | 'left';
  /** The order's own allocation round its picks belong to. */
  round: number | null;
  lines: ReservedLine[];
  /** Why the order left the wave (cancelled, changed, not waiting for a pick ...). */
  reason: string | null;
}

/** What one order takes of an item/lot at a stop. */
export interface WaveStopShare {
  orderNumber: string;
  lineNo: number;
  quantity: number;
}

/** One bin on a zone's path: visited once, every item/lot the wave takes there with each order's share. */
export interface WaveStop {
  stop: number;
  locationCode: string;
  pickSequence: number;
  items: Array<{ itemSku: string; lotCode: string | null; quantity: number; orders: WaveStopShare[] }>;
}

export interface WaveZonePath {
  zoneCode: string;
  stops: WaveStop[];
}

/** What the picker of a zone confirms: the quantity taken of each item/lot at each bin (less is a short pick). */
export interface WavePickedItem {
  locationCode: string;
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}
export interface ZonePickPayload {
  picked: WavePickedItem[];
}

/** What the sort task confirms: each quantity put to an order's line (the order's own pick confirmation). */
export interface WavePut extends ConfirmedPick {
  orderNumber: string;
}
export interface SortPayload {
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

/** A face the wave's picks would take below its minimum, and how it is filled (rules/waves/replenish.ts). */
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

/**
 * The wave's pick-face replenishment: open while the clerk moves stock (the zones touching the faces wait), then
 * booked, withdrawn (everyone left), or refused by the books (the zones go on; their picks are reserved anyway).
 */
export interface WaveReplenishment {
  status: 'open' | 'booked' | 'withdrawn' | 'refused';
  faces: WaveFaceReplenishment[];
  waitingZones: string[];
  movedBy: string | null;
  moved: ReplenishMove[];
  problem: string | null;
}

export interface PickWaveState {
  waveId: string;
  step: PickWaveStep;
  orders: WaveOrder[];
  paths: WaveZonePath[];
  /** Bins the wave walks against the bins the orders one by one would walk. */
  visits: { wave: number; separate: number } | null;
  /** Per zone: who picked and what. */
  picked: Array<{ zoneCode: string; pickedBy: string; picked: WavePickedItem[] }>;
  sortedBy: string | null;
  /** Pick-face replenishment before the picks (waves released since it exists; absent: none was needed). */
  replenishment?: WaveReplenishment;
}

export const getWaveStateQuery = defineQuery<PickWaveState>('getWaveState');

/** Wave -> order: take part in the wave (the order withdraws its own pick task and reports its allocation). */
export const joinWaveSignal = defineSignal<[{ waveId: string; waveWorkflowId: string }]>('joinWave');

/** Wave -> order: the sorted quantities of its lines; the order confirms them as its pick. */
export const wavePickedSignal =
  defineSignal<[{ waveId: string; picks: ConfirmedPick[] | null; pickedBy: string }]>('wavePicked');

/** Order -> wave: joined, with the lines and picks its own allocation (its pinned rules) reserved. */
export const waveOrderJoinedSignal =
  defineSignal<[{ orderNumber: string; round: number; lines: ReservedLine[] }]>('waveOrderJoined');

/** Order -> wave: not (or no longer) in the wave; its compensations are its own workflow's. */
export const waveOrderLeftSignal = defineSignal<[{ orderNumber: string; reason: string }]>('waveOrderLeft');
