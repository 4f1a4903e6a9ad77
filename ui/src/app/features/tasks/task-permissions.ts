import { inject, Injectable } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { Task } from '../../shared/api.types';

/**
 * Which task buttons to offer. Purely cosmetic: the server re-checks every claim and
 * completion; hiding buttons keeps read-only roles (auditors) from seeing actions they can't take.
 */
@Injectable({ providedIn: 'root' })
export class TaskPermissions {
  private readonly auth = inject(AuthService);

  isActive(task: Task): boolean {
    return task.status === 'open' || task.status === 'claimed';
  }

  canClaim(task: Task): boolean {
    return this.isActive(task) && this.auth.canActOn(task) && !this.auth.isAssignee(task);
  }

  canUnclaim(task: Task): boolean {
    if (!this.isActive(task) || !task.assignee || !this.auth.canActOn(task)) return false;
    return this.auth.isAssignee(task) || this.auth.hasAnyRole('admin');
  }

  canComplete(task: Task): boolean {
    return this.isActive(task) && this.auth.canActOn(task);
  }
}
