import { assignRefusal, claimRefusal, completeRefusal, releaseRefusal, type Actor } from './task-permissions';

const clerk: Actor = { username: 'clerk', roles: ['clerk'] };
const otherClerk: Actor = { username: 'clerk2', roles: ['clerk'] };
const admin: Actor = { username: 'admin', roles: ['admin'] };
const supervisor: Actor = { username: 'supervisor', roles: ['supervisor', 'clerk'] };
const free = { status: 'open', candidateRole: 'clerk', assignee: null };
const held = { status: 'claimed', candidateRole: 'clerk', assignee: 'clerk' };
const done = { status: 'completed', candidateRole: 'clerk', assignee: 'clerk' };

describe('task permissions', () => {
  test('a free task is claimed and completed by anyone holding its role, nobody else', () => {
    expect(claimRefusal(free, clerk)).toBeUndefined();
    expect(completeRefusal(free, clerk)).toBeUndefined();
    expect(claimRefusal(free, admin)?.code).toBe('FORBIDDEN');
    expect(completeRefusal(free, admin)?.code).toBe('FORBIDDEN');
  });

  test("taking over a colleague's task is for supervisors (and admins) who hold its role", () => {
    expect(claimRefusal(held, otherClerk)).toEqual({
      code: 'FORBIDDEN',
      message: 'This task is claimed by clerk; only a supervisor or an admin can take it over',
    });
    expect(claimRefusal(held, supervisor)).toBeUndefined();
    expect(claimRefusal(held, admin)?.code).toBe('FORBIDDEN'); // an admin without the clerk role
    expect(claimRefusal(held, { username: 'admin', roles: ['admin', 'clerk'] })).toBeUndefined();
  });

  test("only the assignee completes a claimed task; a finished one is nobody's", () => {
    expect(completeRefusal(held, clerk)).toBeUndefined();
    expect(completeRefusal(held, supervisor)?.code).toBe('TASK_CLAIMED_BY_OTHER');
    expect(completeRefusal(done, clerk)?.code).toBe('TASK_FINISHED');
    expect(claimRefusal(done, supervisor)?.code).toBe('TASK_FINISHED');
  });

  test('assigning and releasing a colleague are for supervisors and admins', () => {
    expect(assignRefusal(held, admin)).toBeUndefined();
    expect(assignRefusal(free, supervisor)).toBeUndefined();
    expect(assignRefusal(free, clerk)?.code).toBe('FORBIDDEN');
    expect(releaseRefusal(held, clerk)).toBeUndefined();
    expect(releaseRefusal(held, otherClerk)?.code).toBe('TASK_CLAIMED_BY_OTHER');
    expect(releaseRefusal(held, admin)).toBeUndefined();
  });
});
