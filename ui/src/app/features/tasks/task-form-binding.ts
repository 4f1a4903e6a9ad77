import { effect, Signal } from '@angular/core';
import { AbstractControl } from '@angular/forms';
import { FormErrors } from '../../shared/field-errors';
import { taskRefusal } from './task-refusal';

/** What {@link bindTaskForm} ties together: the form, the outlet's inputs and the form's shared error display. */
export interface TaskFormBinding {
  form: AbstractControl;
  /** The outlet's `readonly` input: a finished task, or one the user may not complete. */
  readonly: Signal<boolean>;
  /** The outlet's `refusal` input: the server's answer to the last completion that named a field, or null. */
  refusal: Signal<unknown>;
  errors: FormErrors;
  /** The controls a read-only task locks (the whole form unless a form keeps some of it usable). */
  editable?: AbstractControl;
}

/**
 * The behaviour every task form shares, bound once from its constructor (an injection context): the form is locked
 * while the task is read-only, and the server's refusal of a completion shows on the fields it names (the console's
 * one way, `FormErrors`, with the workflow's `payload.` paths mapped to the form's controls), cleared when it is gone.
 */
export function bindTaskForm(binding: TaskFormBinding): void {
  const editable = binding.editable ?? binding.form;
  effect(() => (binding.readonly() ? editable.disable() : editable.enable()));
  effect(() => {
    const refusal = binding.refusal();
    if (refusal) binding.errors.show(binding.form, taskRefusal(refusal));
    else binding.errors.clear();
  });
}
