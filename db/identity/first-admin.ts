import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities';
import { appendAudit } from '../repositories/audit-repository';
import { hashPassword } from './password';

/** What `npm run admin:create` needs: the new administrator and who ran the command (the OS user). */
export interface FirstAdminInput {
  username: string;
  displayName: string;
  password: string;
  /** Recorded in the audit log as `admin:create:<os user>`. */
  runBy: string;
}

/** A refusal of the command, naming the option it is about. */
export class FirstAdminRefusal extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z0-9._-]{1,64}$/;

/**
 * Creates an administrator outside the API (which needs one to sign in): the first real admin of a production
 * database, where no demo users exist. Same rules as the users API (user name shape, a password of 8 to 200
 * characters, stored as Argon2id); refused for a user name already taken. Audited, in the caller's transaction.
 */
export async function createAdministrator(em: EntityManager, input: FirstAdminInput): Promise<User> {
  const username = input.username.trim();
  if (!USERNAME.test(username)) {
    throw new FirstAdminRefusal('--username', 'Use 1 to 64 lower-case letters, digits, . _ and - for the user name');
  }
  const displayName = input.displayName.trim() || username;
  if (displayName.length > 120) throw new FirstAdminRefusal('--display-name', 'At most 120 characters');
  if (input.password.length < 8 || input.password.length > 200) {
    throw new FirstAdminRefusal('password', 'The password needs 8 to 200 characters');
  }
  if (await em.findOne(User, { username })) {
    throw new FirstAdminRefusal('--username', `A user ${username} already exists`);
  }
  const user = Object.assign(new User(), {
    username,
    displayName,
    passwordHash: await hashPassword(input.password),
    roles: ['admin'],
  });
  em.persist(user);
  await em.flush();
  await appendAudit(em, {
    actor: `admin:create:${input.runBy}`,
    action: 'user.created',
    entityType: 'user',
    entityId: username,
    details: { roles: ['admin'], by: 'npm run admin:create' },
  });
  return user;
}
