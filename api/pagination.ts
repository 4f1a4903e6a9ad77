import { z } from 'zod';

/** Query parameters every paginated list accepts. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** The envelope of every paginated list. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

export function offsetOf(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
