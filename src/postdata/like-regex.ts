/**
 * A T-SQL LIKE pattern with character classes (`[0-9]`, `[A-Z]`, `[^a]`, `[a-cx]`, `[%]`) as an
 * anchored POSIX regular expression for PostgreSQL's `~` (`~*` under a case-insensitive
 * collation). PostgreSQL's LIKE has no classes: `[0-9]` is three literal characters there.
 *
 * T-SQL LIKE (no ESCAPE clause): `%` any run of characters, `_` one character, `[...]` one
 * character of the class (`^` first negates, `a-c` a range); `\` and every other character are
 * literal. The pattern must match the whole value, hence `^...$`. In PostgreSQL's regex flavour
 * `.` also matches a newline and `^`/`$` anchor the whole string (not lines), as LIKE does.
 */

export type LikeRegex =
  | {
      readonly ok: true;
      readonly regex: string;
      /** The pattern has a range (`a-z`): SQL Server orders it by the collation, PostgreSQL by code point. */
      readonly hasRange: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** Characters with a meaning in a regex outside brackets. */
const REGEX_SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

export function hasCharacterClass(pattern: string): boolean {
  return pattern.includes('[');
}

export function likeToRegex(pattern: string): LikeRegex {
  let out = '^';
  let hasRange = false;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '%') {
      out += '.*';
      i += 1;
    } else if (ch === '_') {
      out += '.';
      i += 1;
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) return { ok: false, reason: `uses a LIKE character class that is not closed: ${pattern.slice(i)}` };
      const cls = bracket(pattern.slice(i + 1, close));
      if (!cls.ok) return cls;
      out += cls.regex;
      hasRange ||= cls.hasRange;
      i = close + 1;
    } else {
      out += REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
      i += 1;
    }
  }
  return { ok: true, regex: `${out}$`, hasRange };
}

/** The inside of one `[...]` (without the brackets) as a PostgreSQL bracket expression. */
function bracket(body: string): LikeRegex {
  const negated = body.startsWith('^') && body.length > 1;
  const items = [...(negated ? body.slice(1) : body)];
  if (items.length === 0) return { ok: false, reason: 'uses an empty LIKE character class ([])' };
  if (items.includes('[')) return { ok: false, reason: `uses "[" inside a LIKE character class ([${body}]), which is not translated` };
  const ranges: string[] = [];
  const singles = new Set<string>();
  for (let k = 0; k < items.length; k += 1) {
    const c = items[k]!;
    const next = items[k + 1];
    const end = items[k + 2];
    // `a-c` is a range; a `-` first or last is the character itself, in both dialects.
    if (next === '-' && end !== undefined) {
      if (end < c) return { ok: false, reason: `uses the reversed LIKE range ${c}-${end}` };
      ranges.push(`${escapeInBracket(c)}-${escapeInBracket(end)}`);
      k += 2;
    } else {
      singles.add(c);
    }
  }
  // In a bracket expression `^` is special only first, `-` only between two characters, and `\`
  // is an escape in PostgreSQL's AREs: put `-` last and escape `\` and `^`.
  const dash = singles.delete('-');
  const body2 = [...ranges, ...[...singles].map(escapeInBracket), ...(dash ? ['-'] : [])].join('');
  return { ok: true, regex: `[${negated ? '^' : ''}${body2}]`, hasRange: ranges.length > 0 };
}

function escapeInBracket(c: string): string {
  return c === '\\' || c === '^' || c === ']' ? `\\${c}` : c;
}
