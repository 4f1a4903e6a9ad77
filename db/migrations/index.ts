import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122041717 } from './Migration20261122041717';
import { Migration20261122041800_append_only } from './Migration20261122041800_append_only';

/** Committed migrations in order; `npm run migration:create` generates a new one, which is then listed here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122041717', class: Migration20261122041717 },
  { name: 'Migration20261122041800_append_only', class: Migration20261122041800_append_only },
];
