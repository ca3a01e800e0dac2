import { UsageError } from '../errors.js';

/**
 * Override text is spliced into CREATE TABLE as-is, so only characters that can appear in a
 * plain type name are allowed: `numeric(20,2)`, `double precision`, `text[]`, `public.citext`.
 * That rules out `;`, quotes and comment openers (`--` and `/*` need `-` or `/`).
 */
const SAFE_PG_TYPE = /^[A-Za-z0-9_ (),.[\]]+$/;

export function validatePgTypeName(s: string): string {
  const typeName = s.trim();
  if (typeName === '' || !SAFE_PG_TYPE.test(typeName)) {
    throw new UsageError(
      `Type override ${JSON.stringify(s)} is not a plain PostgreSQL type name. ` +
        'Use only letters, digits, spaces, "_", "(", ")", ",", "[]" and "." (e.g. numeric(20,2), double precision, text[]).',
    );
  }
  return typeName;
}
