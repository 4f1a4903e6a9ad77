import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';
import { User } from './identity';

/**
 * A list's filters saved under a name by one user (the inbox's "Saved views"): the list's URL query parameters
 * (filters and sort, never the page), so picking the view again is navigating to them.
 */
export class SavedView {
  id!: number;
  user!: User;
  /** Which list the view belongs to, e.g. `tasks`. */
  list!: string;
  name!: string;
  /** The list's query parameters, e.g. `{ "priority": "urgent", "sort": "dueAt" }`. */
  query!: Record<string, string>;
  createdAt: Date = new Date();
}

export const SavedViewSchema = new EntitySchema<SavedView>({
  class: SavedView,
  tableName: 'saved_view',
  uniques: [{ properties: ['user', 'list', 'name'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    list: { type: 'string', length: 40 },
    name: { type: 'string', length: 80 },
    query: { type: 'json' },
    createdAt: { ...timestampColumn },
  },
});
