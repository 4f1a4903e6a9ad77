import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stopChildService } from '../support/child-service';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  await stopChildService(state.__MILLWRIGHT_PLATFORM__ as ChildProcess | undefined);
  if (typeof state.__MILLWRIGHT_E2E_DIR__ === 'string')
    rmSync(state.__MILLWRIGHT_E2E_DIR__, { recursive: true, force: true });
}
