/**
 * Turns an error into the one line we keep in the progress file and print in summaries. It
 * keeps what a user needs to look the problem up: the SQL Server error number, the Postgres
 * SQLSTATE (and column/constraint where Postgres names them) and the message of every cause.
 */
export function formatError(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 5) {
    seen.add(current);
    parts.push(describeOne(current));
    current = (current as { cause?: unknown }).cause;
  }
  // A wrapper's message often repeats its cause's; keep each distinct piece once.
  const distinct = parts.filter((p, i) => !parts.slice(0, i).some((earlier) => earlier.includes(p)));
  return distinct.join(': ');
}

function describeOne(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & {
    number?: number;
    code?: string;
    detail?: string;
    column?: string;
    constraint?: string;
    where?: string;
    originalError?: unknown;
  };
  const tags: string[] = [];
  // tedious RequestError/ConnectionError: SQL Server error number in `number`.
  if (typeof e.number === 'number') tags.push(`SQL Server error ${e.number}`);
  // node-postgres DatabaseError: five-character SQLSTATE in `code`.
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) tags.push(`SQLSTATE ${e.code}`);
  else if (typeof e.code === 'string' && e.code) tags.push(e.code);
  if (e.column) tags.push(`column ${e.column}`);
  if (e.constraint) tags.push(`constraint ${e.constraint}`);
  let text = e.message || e.name;
  if (tags.length > 0) text += ` [${tags.join(', ')}]`;
  if (e.detail) text += ` (${e.detail})`;
  if (e.where && /COPY/.test(e.where)) text += ` (${e.where.split('\n')[0]})`;
  return text;
}
