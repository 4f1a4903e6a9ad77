import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/**
 * The roles the platform knows; routes and tasks name the roles that may act. A `supervisor` oversees the task board:
 * sees every task, assigns and reassigns them, and takes over a colleague's task in a role the supervisor also holds.
 */
export const ROLES = [
  'admin',
  'clerk',
  'planner',
  'controller',
  'auditor',
  'supervisor',
  // Quality (issue 16): the inspector records readings; the quality engineer plans inspections, decides dispositions,
  // approves reduced inspection and resumes a discontinued supplier.
  'inspector',
  'quality-engineer',
] as const;
export type Role = (typeof ROLES)[number];

export class User {
  id!: number;
  username!: string;
  displayName!: string;
  /** Argon2id PHC string (`$argon2id$v=19$m=...`), or an older `scrypt$N$r$p$salt$hash` rehashed at next sign-in. */
  passwordHash!: string;
  roles!: Role[];
  active = true;
  createdAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'app_user',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    username: { type: 'string', length: 64, unique: true },
    displayName: { type: 'string', length: 120 },
    passwordHash: { type: 'string', length: 255, hidden: true },
    roles: { type: 'json' },
    active: { type: 'boolean', default: true },
    createdAt: { ...timestampColumn },
  },
});

/** A login session; only the SHA-256 of the bearer token is stored, so a database leak yields no usable tokens. */
export class Session {
  tokenHash!: string;
  user!: User;
  createdAt: Date = new Date();
  expiresAt!: Date;
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'session',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    createdAt: { ...timestampColumn },
    expiresAt: { ...timestampColumn, index: true },
  },
});
