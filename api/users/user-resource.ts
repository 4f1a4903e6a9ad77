import { z } from 'zod';
import { ROLES, Session, User } from '../../db/entities';
import { hashPassword } from '../../db/identity/password';
import { ApiError } from '../errors';
import { assignFields, auditChange, duplicate, listQuerySchema, type MasterDataResource } from '../master-data';
import type { CsvColumn } from '../master-data';

/** What the API says about a user: never the password hash. */
export const userRecord = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  active: z.boolean(),
  createdAt: z.string(),
});
type UserRecord = z.infer<typeof userRecord>;

export const passwordSchema = z.string().min(8, 'At least 8 characters').max(200);
const rolesSchema = z
  .array(z.enum(ROLES))
  .min(1, 'A user needs at least one role')
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);

const createSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'Use lower-case letters, digits, . _ and - only'),
  displayName: z.string().trim().min(1).max(120),
  roles: rolesSchema,
  /** The initial password; required for a new user (a CSV re-import of existing users may leave it empty). */
  password: passwordSchema.optional(),
});
const patchSchema = z.object({ displayName: createSchema.shape.displayName, roles: rolesSchema }).partial();
type CreateBody = z.output<typeof createSchema>;
type PatchBody = z.output<typeof patchSchema>;

const query = listQuerySchema(['username', 'displayName', 'createdAt'], {
  role: z.enum(ROLES).optional().describe('Only users with this role'),
});

const toRecord = (user: User): UserRecord => ({
  username: user.username,
  displayName: user.displayName,
  roles: user.roles,
  active: user.active,
  createdAt: user.createdAt.toISOString(),
});

/** Admins may not lock themselves out: deactivating oneself or dropping one's own admin role is refused. */
function refuseSelfLockout(user: User, actor: string, what: string, field: string): void {
  if (user.username === actor) throw new ApiError('VALIDATION_FAILED', `You cannot ${what} yourself`, field);
}

const rolesColumn: CsvColumn<UserRecord> = {
  name: 'roles',
  parse: (cell) => cell.split(/[;|]/).map((role) => role.trim()),
  format: (record) => record.roles.join(';'),
};

/**
 * Users and their roles (admin only). Passwords are hashed with Argon2id (db/identity/password.ts) and never
 * returned; deactivating a user revokes every session at once, so the next request of theirs is refused.
 */
export const userResource: MasterDataResource<User, UserRecord, CreateBody, PatchBody, z.output<typeof query>> = {
  label: 'user',
  tag: 'users',
  key: 'username',
  readRoles: ['admin'],
  writeRoles: ['admin'],
  record: userRecord,
  toRecords: async (_em, rows) => rows.map(toRecord),
  list: {
    entity: User,
    query,
    searchFields: ['username', 'displayName'],
    sortFields: { username: 'username', displayName: 'displayName', createdAt: 'createdAt' },
    defaultSort: 'username',
    where: (q) => (q.role ? [{ roles: { $contains: [q.role] } }] : []),
  },
  createSchema,
  patchSchema,
  findByKey: (em, username) => em.findOne(User, { username }),
  create: async (em, { password, ...body }, { actor }) => {
    if (await em.findOne(User, { username: body.username })) throw duplicate('user', 'username', body.username);
    if (!password) throw new ApiError('VALIDATION_FAILED', 'A new user needs an initial password', 'password');
    const passwordHash = await hashPassword(password);
    const user = em.create(User, { ...body, passwordHash, active: true, createdAt: new Date() });
    auditChange(em, { actor, action: 'user.created', entityType: 'user', entityId: body.username, details: body });
    return user;
  },
  update: async (em, user, body, { actor }) => {
    if (body.roles && !body.roles.includes('admin') && user.roles.includes('admin')) {
      refuseSelfLockout(user, actor, 'take the admin role from', 'roles');
    }
    const changes = assignFields(user, body, ['displayName', 'roles']);
    if (Object.keys(changes).length === 0) return;
    auditChange(em, { actor, action: 'user.changed', entityType: 'user', entityId: user.username, details: changes });
  },
  onActiveChange: async (em, user, active, { actor }) => {
    if (active) return;
    refuseSelfLockout(user, actor, 'deactivate', 'username');
    await em.nativeDelete(Session, { user });
  },
  csv: [
    { name: 'username', format: (r) => r.username },
    { name: 'displayName', format: (r) => r.displayName },
    rolesColumn,
    { name: 'password', format: () => '' },
  ],
};
