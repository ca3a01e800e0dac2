import { quotePgIdent } from './quote.js';

/**
 * CREATE SCHEMA for each distinct target schema, in first-seen order. `public` is skipped:
 * it always exists, and Postgres checks the database-level CREATE privilege before it looks
 * at IF NOT EXISTS, so the statement would fail for a user who may only create tables there.
 */
export function buildSchemaStatements(schemas: Iterable<string>): string[] {
  const seen = new Set<string>();
  const statements: string[] = [];
  for (const schema of schemas) {
    if (schema === 'public' || seen.has(schema)) continue;
    seen.add(schema);
    statements.push(`CREATE SCHEMA IF NOT EXISTS ${quotePgIdent(schema)}`);
  }
  return statements;
}

/** CASCADE: the table is being replaced, and dependent views/FKs would block the drop. */
export function buildDropTable(qualifiedTarget: string): string {
  return `DROP TABLE IF EXISTS ${qualifiedTarget} CASCADE`;
}
