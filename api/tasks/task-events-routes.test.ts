import type { AuthUser } from '../auth/auth-hook';
import { concerns } from './task-events-routes';
import type { TaskChange } from './task-event-hub';

const change = (over: Partial<TaskChange> = {}): TaskChange => ({
  id: 't-1',
  workflowId: 'wf-1',
  status: 'open',
  candidateRole: 'planner',
  assignee: null,
  previousAssignee: null,
  op: 'insert',
  ...over,
});
const user = (roles: AuthUser['roles'], username = 'carla'): AuthUser => ({
  id: 1,
  username,
  displayName: username,
  roles,
});

describe('which task changes reach whose inbox', () => {
  it("sends a task in one of the user's roles, and not one of another role", () => {
    expect(concerns(change(), user(['planner']))).toBe(true);
    expect(concerns(change(), user(['clerk']))).toBe(false);
  });

  it('sends a task assigned to the user, or taken from them, whatever its role', () => {
    expect(concerns(change({ assignee: 'carla' }), user(['clerk']))).toBe(true);
    expect(concerns(change({ previousAssignee: 'carla', assignee: 'bob' }), user(['clerk']))).toBe(true);
  });

  it('sends every change to those who see the whole board', () => {
    expect(concerns(change(), user(['admin']))).toBe(true);
    expect(concerns(change(), user(['supervisor']))).toBe(true);
    expect(concerns(change(), user(['auditor']))).toBe(true);
  });
});
