import { redactRegisteredSecrets } from '../config/redact.js';

/**
 * Turns an error into the one line we keep in the progress file and print in summaries. It
 * keeps what a user needs to look the problem up: the SQL Server error number, the Postgres
 * SQLSTATE (and column/constraint where Postgres names them) and the message of every cause.
 */
export function formatError(err: unknown): string {
  const messages: string[] = [];
  const tags: string[] = [];
  const extras: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current) && seen.size < 6) {
    seen.add(current);
    const d = describeOne(current);
    // A wrapper's message often repeats its cause's; keep each distinct message once.
    if (d.message && !messages.some((m) => m.includes(d.message))) messages.push(d.message);
    for (const t of d.tags) if (!tags.includes(t)) tags.push(t);
    for (const x of d.extras) if (!extras.includes(x)) extras.push(x);
    const e = current as { cause?: unknown; originalError?: unknown };
    current = e.cause ?? e.originalError;
  }
  let text = messages.join(': ');
  if (tags.length > 0) text += ` [${tags.join(', ')}]`;
  for (const x of extras) text += ` (${x})`;
  return redactRegisteredSecrets(text);
}

function describeOne(err: unknown): { message: string; tags: string[]; extras: string[] } {
  if (!(err instanceof Error)) return { message: String(err), tags: [], extras: [] };
  const e = err as Error & {
    number?: number;
    code?: string;
    detail?: string;
    column?: string;
    constraint?: string;
    where?: string;
    syscall?: string;
  };
  const tags: string[] = [];
  const extras: string[] = [];
  // Node system errors (EPIPE, EBADF, EROFS) are five capitals too; they carry `syscall`.
  const isSqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.syscall === undefined;
  // tedious RequestError/ConnectionError: SQL Server error number in `number`.
  if (typeof e.number === 'number') tags.push(`SQL Server error ${e.number}`);
  // node-postgres DatabaseError: five-character SQLSTATE in `code`.
  if (isSqlState) tags.push(`SQLSTATE ${e.code}`);
  else if (typeof e.code === 'string' && e.code) tags.push(e.code);
  // Only Postgres errors name the column/constraint in fields; our own errors say it in words.
  const fromPostgres = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  if (fromPostgres && e.column) tags.push(`column ${e.column}`);
  if (fromPostgres && e.constraint) tags.push(`constraint ${e.constraint}`);
  if (e.detail) extras.push(e.detail);
  // Postgres says which COPY line failed: "COPY orders, line 41, column total: ...".
  if (e.where && /COPY/.test(e.where)) extras.push(e.where.split('\n')[0]!);
  return { message: e.message || e.name, tags, extras };
}
