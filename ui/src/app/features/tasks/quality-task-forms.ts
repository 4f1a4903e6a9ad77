import type { TaskFormEntry } from './task-forms';
import { ConcessionForm } from './concession-form';
import { DispositionForm } from './disposition-form';
import { InspectionForm } from './inspection-form';

const WITH_REFUSALS = ['payload', 'outcome', 'readonly', 'busy', 'refusal'] as const;

/**
 * The quality gate's task forms (workflows/quality-inspection). A refused concession asks for the split again as
 * `disposition-2`, `concession-2` ...: each attempt's kind gets the same form (a split asked more often than this
 * falls back to the JSON form, still completable).
 */
export const QUALITY_TASK_FORMS: Readonly<Record<string, TaskFormEntry>> = Object.fromEntries([
  ['inspection', { component: InspectionForm, inputs: WITH_REFUSALS, showsRefusals: true }],
  ...['', '-2', '-3', '-4', '-5', '-6'].flatMap((suffix) => [
    [`disposition${suffix}`, { component: DispositionForm, inputs: WITH_REFUSALS, showsRefusals: true }],
    [`concession${suffix}`, { component: ConcessionForm, inputs: WITH_REFUSALS, showsRefusals: true }],
  ]),
]);
