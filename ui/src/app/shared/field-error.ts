import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AbstractControl, ValidationErrors } from '@angular/forms';
import { FieldProblem, FormErrors } from './field-errors';

/** Client-side validator messages, in the order they are worth reading. */
const MESSAGES: [string, (error: ValidationErrors[string]) => string][] = [
  ['server', (error) => String(error)],
  ['required', () => 'Required'],
  ['min', (error) => `At least ${(error as { min: number }).min}`],
  ['max', (error) => `At most ${(error as { max: number }).max}`],
  ['maxlength', (error) => `At most ${(error as { requiredLength: number }).requiredLength} characters`],
  ['pattern', () => 'Not in the expected format'],
  ['positive', () => 'Must be above zero'],
  ['itemRequired', () => 'Pick an item from the list'],
  ['zeroOrMore', () => 'Zero or more'],
];

export function controlMessage(control: AbstractControl): string {
  const errors = control.errors;
  if (!errors) return '';
  for (const [key, message] of MESSAGES) if (key in errors) return message(errors[key]);
  return 'Invalid value';
}

/**
 * The message of a field, for inside its `<mat-error>`: the server's problem for the field when the last
 * save named it, else the client validator's.
 */
@Component({
  selector: 'mw-field-error',
  template: `<span data-testid="field-error">{{ message() }}</span>`,
  changeDetection: ChangeDetectionStrategy.Default,
})
export class FieldError {
  readonly control = input.required<AbstractControl>();
  protected message(): string {
    return controlMessage(this.control());
  }
}

/** The summary above a form: the error message and every problem no field shows (with its path). */
@Component({
  selector: 'mw-error-summary',
  template: `
    @if (errors().message(); as message) {
      <div class="summary" role="alert" data-testid="form-error-summary">
        <p class="headline">{{ message }}</p>
        @if (errors().unplaced().length) {
          <ul>
            @for (problem of errors().unplaced(); track $index) {
              <li data-testid="form-error-item" [attr.data-path]="problem.path">
                @if (problem.path) {
                  <strong>{{ label(problem) }}:</strong>
                }
                {{ problem.message }}
              </li>
            }
          </ul>
        }
      </div>
    }
  `,
  styles: `
    .summary {
      border: 1px solid var(--mat-sys-error);
      border-radius: 8px;
      padding: 8px 16px;
      margin: 8px 0 16px;
      color: var(--mat-sys-error);
    }
    .headline {
      margin: 4px 0;
      font-weight: 500;
    }
    ul {
      margin: 4px 0;
      padding-left: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorSummary {
  readonly errors = input.required<FormErrors>();
  protected label(problem: FieldProblem): string {
    return problem.path.replace(/^body\./, '');
  }
}
