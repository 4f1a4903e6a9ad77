/** A JSON text the way PostgreSQL writes a jsonb value: keys by length then bytes, ", " and ": " between members. */
export function asJsonb(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(asJsonb).join(', ')}]`;
  const keys = Object.keys(value).sort((a, b) => {
    const byLength = Buffer.byteLength(a) - Buffer.byteLength(b);
    return byLength !== 0 ? byLength : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${asJsonb((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}
