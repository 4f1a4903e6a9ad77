import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** Fallback for form kinds the console has no dedicated UI for yet: raw JSON in, raw JSON out. */
@Component({
  selector: 'mw-json-task-form',
  imports: [MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <h3>Task payload</h3>
    <pre class="json-block" data-testid="task-payload">{{ payloadJson() }}</pre>
    @if (!readonly()) {
      <mat-form-field appearance="outline" class="editor">
        <mat-label>Completion payload (JSON)</mat-label>
        <textarea
          matInput
          rows="8"
          data-testid="task-json-payload"
          [value]="text()"
          (input)="onInput($any($event.target).value)"
        ></textarea>
      </mat-form-field>
      @if (parseError(); as message) {
        <p class="inline-error" data-testid="task-json-error">{{ message }}</p>
      }
      <button mat-flat-button type="button" data-testid="task-complete" [disabled]="busy()" (click)="submit()">
        Complete task
      </button>
    }
  `,
  styles: `
    .editor {
      width: 100%;
      max-width: 820px;
      margin-top: 16px;
    }
    textarea {
      font-family: monospace;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JsonTaskForm {
  readonly payload = input<unknown>(null);
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly confirmed = output<unknown>();

  protected readonly text = signal('{}');
  protected readonly parseError = signal<string | null>(null);

  protected payloadJson(): string {
    return JSON.stringify(this.payload(), null, 2);
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.parseError.set(null);
  }

  protected submit(): void {
    try {
      this.confirmed.emit(JSON.parse(this.text()) as unknown);
    } catch (err) {
      this.parseError.set(`Invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
