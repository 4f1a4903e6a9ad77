import { z } from 'zod';

/**
 * The last page any list serves. Past it a request is refused (400 naming `page`) rather than handed to
 * PostgreSQL as an absurd offset; with the largest page size the offset stays far inside a 32-bit integer.
 */
export const MAX_PAGE = 100_000;
export const MAX_PAGE_SIZE = 200;

/** The largest value of a PostgreSQL `integer` column: ids and version numbers past it are refused, not sent. */
export const MAX_INT4 = 2_147_483_647;

/** A positive whole number as it arrives in a path or query string (an id, a version), within `integer`. */
export const intParam = () => z.coerce.number().int().min(1).max(MAX_INT4);

/** Query parameters every paginated list accepts. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).describe(`Page number, 1 to ${MAX_PAGE}`),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe('Rows per page'),
});

/** The envelope of every paginated list. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

export function offsetOf(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
