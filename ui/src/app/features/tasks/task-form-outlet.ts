import {
  ChangeDetectionStrategy,
  Component,
  type ComponentRef,
  computed,
  effect,
  inject,
  input,
  output,
  type OutputRef,
  signal,
  untracked,
  ViewContainerRef,
} from '@angular/core';
import { type TaskFormContext, type TaskFormEntry, taskFormOf } from './task-forms';

/**
 * Renders the form a task kind has in TASK_FORMS (task-forms.ts), hands it the inputs its entry names and passes
 * its `confirmed` completion on. The form is made anew when the kind changes, so a task never inherits another's.
 */
@Component({
  selector: 'mw-task-form-outlet',
  template: '',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskFormOutlet {
  readonly formKind = input<string | null>(null);
  readonly payload = input<unknown>(null);
  readonly outcome = input<unknown>(null);
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly refusal = input<unknown>(null);
  readonly serverError = input<string | null>(null);
  /** The completion the form confirmed. */
  readonly confirmed = output<unknown>();

  private readonly host = inject(ViewContainerRef);
  /** The same entry object for the same kind, so a new payload of the same task keeps its form (and what was typed). */
  private readonly entry = computed(() => taskFormOf(this.formKind(), this.payload()));
  private readonly shown = signal<{ entry: TaskFormEntry; ref: ComponentRef<unknown> } | null>(null);

  constructor() {
    effect((onCleanup) => {
      const entry = this.entry();
      untracked(() => {
        const ref = this.host.createComponent(entry.component);
        // Inputs before the form's first check: its template reads its required payload.
        this.apply(entry, ref);
        const completion = (ref.instance as { confirmed: OutputRef<unknown> }).confirmed.subscribe((value) =>
          this.confirmed.emit(value),
        );
        this.shown.set({ entry, ref });
        onCleanup(() => {
          completion.unsubscribe();
          ref.destroy();
        });
      });
    });
    effect(() => {
      const shown = this.shown();
      if (shown) this.apply(shown.entry, shown.ref);
    });
  }

  private apply(entry: TaskFormEntry, ref: ComponentRef<unknown>): void {
    const context: TaskFormContext = {
      payload: this.payload(),
      outcome: this.outcome(),
      readonly: this.readonly(),
      busy: this.busy(),
      refusal: this.refusal(),
      serverError: this.serverError(),
    };
    for (const name of entry.inputs) ref.setInput(name, context[name]);
  }
}
