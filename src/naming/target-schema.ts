import type { NamingConfig } from '../config/types.js';
import { applyIdentifierStyle } from './identifier-style.js';

/**
 * The Postgres schema a source schema's tables go into. Explicit choices (targetSchema, a
 * schemaMap entry) are used exactly as written; only derived names get the identifier style.
 * SQL Server's `dbo` plays the role of Postgres's `public`, so it maps there by default.
 */
export function targetSchemaFor(sourceSchema: string, naming: NamingConfig): string {
  if (naming.targetSchema !== null) return naming.targetSchema;
  const wanted = sourceSchema.toLowerCase();
  for (const [source, target] of Object.entries(naming.schemaMap)) {
    if (source.toLowerCase() === wanted) return target;
  }
  if (wanted === 'dbo') return 'public';
  return applyIdentifierStyle(sourceSchema, naming.identifierStyle);
}
