import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { Task } from '../../shared/api.types';
import { Assignee } from './task-flow.types';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

/** A supervisor's assignment of one task: to someone holding its role, or back to the role's inbox. Audited. */
@Component({
  selector: 'mw-task-assign-panel',
  imports: [MatButtonModule, MatCardModule, MatFormFieldModule, MatSelectModule, RouterLink],
  template: `
    <mat-card appearance="outlined" data-testid="assign-panel" [attr.data-task-id]="task().id">
      <mat-card-content>
        <h2 data-testid="assign-title">{{ task().title }}</h2>
        <p class="muted">
          {{ task().businessKey }} · for the {{ task().candidateRole }} role · held by
          <strong data-testid="assign-current">{{ task().assignee ?? 'nobody' }}</strong>
        </p>
        @if (can.canAssign(task())) {
          <div class="assign-row">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Assign to</mat-label>
              <mat-select data-testid="assign-user" [value]="chosen()" (selectionChange)="chosen.set($event.value)">
                @for (user of assignees(); track user.username) {
                  <mat-option [value]="user.username" data-testid="assign-user-option">
                    {{ user.displayName }} ({{ user.username }})
                  </mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button
              mat-flat-button
              type="button"
              data-testid="assign-submit"
              [disabled]="busy() || !chosen() || chosen() === task().assignee"
              (click)="assign(chosen())"
            >
              Assign
            </button>
            @if (task().assignee) {
              <button mat-button type="button" data-testid="assign-release" [disabled]="busy()" (click)="assign(null)">
                Return to inbox
              </button>
            }
          </div>
        } @else {
          <p class="muted" data-testid="assign-closed">
            This task is {{ task().status }}; it can no longer be assigned.
          </p>
        }
        @if (error(); as message) {
          <p class="inline-error" role="alert" data-testid="assign-error">{{ message }}</p>
        }
        <div class="assign-row">
          <a mat-button data-testid="assign-open-task" [routerLink]="['/tasks', task().id]">Open task</a>
          <button mat-button type="button" data-testid="assign-close" (click)="closed.emit()">Close</button>
        </div>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .assign-row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      margin-top: 8px;
    }
    h2 {
      margin: 0 0 4px;
      font-size: 1.1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskAssignPanel {
  private readonly api = inject(TaskService);
  protected readonly can = inject(TaskPermissions);

  readonly task = input.required<Task>();
  /** The task after its assignment changed. */
  readonly assigned = output<Task>();
  readonly closed = output<void>();

  protected readonly assignees = signal<Assignee[]>([]);
  protected readonly chosen = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const task = this.task();
      this.chosen.set(task.assignee);
      this.error.set(null);
      this.api.assignees(task.id).subscribe({
        next: ({ items }) => this.assignees.set(items),
        error: (err: unknown) => this.error.set(errorMessage(err)),
      });
    });
  }

  protected assign(username: string | null): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.assign(this.task().id, username).subscribe({
      next: (task) => {
        this.busy.set(false);
        this.assigned.emit(task);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(errorMessage(err));
      },
    });
  }
}
