import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/**
 * Failed sign-ins of one user name within the current window, and until when the name is locked after too many
 * (api/auth/login-throttle.ts). Written with SQL upserts so concurrent attempts on several API nodes count once each.
 */
export class LoginThrottle {
  username!: string;
  failures!: number;
  windowStartedAt!: Date;
  lockedUntil?: Date | null;
}

export const LoginThrottleSchema = new EntitySchema<LoginThrottle>({
  class: LoginThrottle,
  tableName: 'login_throttle',
  properties: {
    username: { type: 'string', length: 64, primary: true },
    failures: { type: 'number' },
    windowStartedAt: { ...timestampColumn },
    lockedUntil: { ...timestampColumn, nullable: true },
  },
});
