import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

/** The activities order fulfillment calls (types only: the implementations live in activities/). */
export const fulfillment = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);
