import { createEngineCache } from '../../rules/engine';
import type { AlertsSweepInput } from '../../workflows/alerts-sweep/alerts-sweep.contract';
import { inTransaction, type ActivityDeps } from '../context';
import { sweepAlerts } from './sweep-alerts';

/** The alerts sweep (issue 20): one transaction per run, idempotent by the alert rows' state. */
export function createAlertActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async sweepAlerts(input: AlertsSweepInput) {
      return inTransaction(deps, (em) => sweepAlerts(em, input, engines));
    },
  };
}
