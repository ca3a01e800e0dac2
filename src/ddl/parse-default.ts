/**
 * Reads the T-SQL text SQL Server stores for a default constraint. SQL Server wraps what the
 * user wrote in parentheses, and constants once more: `DEFAULT 0` is stored as `((0))`,
 * `DEFAULT 'a'` as `('a')`, `DEFAULT getdate()` as `(getdate())`, and a negative number as
 * `((-1))` or, when written `-(1)`, as `(-(1))`. Only the forms we can translate with
 * certainty are recognised; everything else is `unknown`.
 */
export type ParsedDefault =
  | { readonly kind: 'null' }
  /** A numeric literal, sign included, leading `+` dropped: `-1`, `1.50`, `1.5E+3`. */
  | { readonly kind: 'number'; readonly text: string }
  /** A string literal's value, with `''` already turned back into `'`. */
  | { readonly kind: 'string'; readonly value: string }
  /** A call with no arguments (or CURRENT_TIMESTAMP), lower-case name: `getdate`. */
  | { readonly kind: 'function'; readonly name: string }
  /** `NEXT VALUE FOR [dbo].[OrderNumbers]`: the sequence's schema (null when unqualified) and name. */
  | { readonly kind: 'next-value'; readonly schema: string | null; readonly name: string }
  | { readonly kind: 'unknown' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const STRING = /^N?'((?:[^']|'')*)'$/is;
const NO_ARG_CALL = /^([a-z_][a-z0-9_]*)\(\s*\)$/i;
const NEXT_VALUE_FOR = /^next\s+value\s+for\s+(.+)$/is;
/** One part of a name: `[a]]b]`, `"x"` or a plain identifier. */
const NAME_PART = /^(?:\[((?:[^\]]|\]\])+)\]|"((?:[^"]|"")+)"|([\p{L}_@#][\p{L}\p{N}_@#$]*))/u;

/** `[dbo].[s]`, `dbo.s` or `s` → its parts; null for anything else (three parts name another database). */
function parseTwoPartName(text: string): { schema: string | null; name: string } | null {
  const parts: string[] = [];
  let rest = text.trim();
  for (;;) {
    const m = NAME_PART.exec(rest);
    if (m === null) return null;
    parts.push(m[1] !== undefined ? m[1].replace(/\]\]/g, ']') : m[2] !== undefined ? m[2].replace(/""/g, '"') : m[3]!);
    rest = rest.slice(m[0].length).trim();
    if (rest === '') break;
    if (!rest.startsWith('.')) return null;
    rest = rest.slice(1).trim();
  }
  if (parts.length === 1) return { schema: null, name: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, name: parts[1]! };
  return null;
}

/** Index of the `)` closing the `(` at `open`, skipping string literals; -1 if unbalanced. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") inString = !inString; // `''` toggles twice: still correct
    else if (!inString && ch === '(') depth++;
    else if (!inString && ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function stripOuterParens(text: string): string {
  let current = text.trim();
  while (current.startsWith('(') && matchingParen(current, 0) === current.length - 1) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

function negate(numberText: string): string {
  return numberText.startsWith('-') ? numberText.slice(1) : `-${numberText}`;
}

export function parseDefault(definition: string): ParsedDefault {
  const body = stripOuterParens(definition);
  if (/^null$/i.test(body)) return { kind: 'null' };
  if (NUMBER.test(body)) return { kind: 'number', text: body.replace(/^\+/, '') };
  const stringMatch = STRING.exec(body);
  if (stringMatch) return { kind: 'string', value: (stringMatch[1] ?? '').replace(/''/g, "'") };
  if (/^current_timestamp$/i.test(body)) return { kind: 'function', name: 'current_timestamp' };
  const call = NO_ARG_CALL.exec(body);
  if (call) return { kind: 'function', name: (call[1] ?? '').toLowerCase() };
  const next = NEXT_VALUE_FOR.exec(body);
  if (next) {
    const sequence = parseTwoPartName(next[1] ?? '');
    if (sequence !== null) return { kind: 'next-value', ...sequence };
  }
  // `-(1)`: a sign applied to a parenthesised number.
  const sign = body[0];
  const operandText = body.slice(1).trim();
  if ((sign === '-' || sign === '+') && operandText.startsWith('(')) {
    const operand = parseDefault(operandText);
    if (operand.kind === 'number') {
      return { kind: 'number', text: sign === '-' ? negate(operand.text) : operand.text };
    }
  }
  return { kind: 'unknown' };
}
