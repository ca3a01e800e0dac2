/**
 * --include / --exclude globs over `schema.table`, case-insensitive (SQL Server's default
 * collations are case-insensitive, so users type names in any case).
 *
 *   `*` any run of characters (dots included), `?` exactly one character.
 *   A pattern with a dot matches the qualified name: `sales.*`, `dbo.Order?`.
 *   A pattern without a dot matches the table name in any schema: `Orders` ≡ `*.Orders`,
 *   `tmp_*` ≡ `*.tmp_*`.
 * Everything else is literal; there are no character classes.
 */
import { splitQualified } from './table-names.js';

const compiled = new Map<string, RegExp>();

export function matchesPatterns(qualified: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesPattern(qualified, pattern));
}

export function matchesPattern(qualified: string, pattern: string): boolean {
  const subject = pattern.includes('.') ? qualified : splitQualified(qualified).table;
  return globToRegExp(pattern).test(subject);
}

function globToRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    const body = [...pattern]
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char)))
      .join('');
    // `s` so `*` also spans the (unlikely) newline in a quoted identifier; `u` so `?` is one
    // character, not one UTF-16 code unit.
    regexp = new RegExp(`^${body}$`, 'isu');
    compiled.set(pattern, regexp);
  }
  return regexp;
}

/** Only syntax characters: with the `u` flag, escaping anything else (like `-`) is an error. */
function escapeRegExp(char: string): string {
  return /[\\^$.|+()[\]{}]/.test(char) ? `\\${char}` : char;
}
