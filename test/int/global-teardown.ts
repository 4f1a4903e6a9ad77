import type { ChildProcess } from 'node:child_process';
import { stopChildService } from '../support/child-service';

export default async function globalTeardown(): Promise<void> {
  await stopChildService((globalThis as Record<string, unknown>).__MILLWRIGHT_INFRA__ as ChildProcess | undefined);
}
