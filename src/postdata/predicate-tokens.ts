/**
 * Tokens of a T-SQL predicate as SQL Server stores it in sys.check_constraints.definition and
 * sys.indexes.filter_definition: `([Qty]>(0))`, `([Code] like N'A%')`, `([d] IS NOT NULL)`;
 * and, with TokenizeOptions, of a view's definition as written (sys.sql_modules: comments, and
 * `"x"` a string where the view was created with QUOTED_IDENTIFIER OFF).
 * The tokenizer accepts everything lexically plausible; the parser decides what it translates.
 */

export type Token =
  | { readonly k: 'lparen' }
  | { readonly k: 'rparen' }
  | { readonly k: 'comma' }
  | { readonly k: 'minus' }
  | { readonly k: 'ident'; readonly text: string; readonly bracketed: boolean }
  | { readonly k: 'number'; readonly text: string }
  | { readonly k: 'string'; readonly value: string }
  | { readonly k: 'op'; readonly text: string }
  /** Anything we never translate (`+`, `*`, `.`, `@var`, ...), kept to name it in the reason. */
  | { readonly k: 'other'; readonly text: string };

/** Thrown for text outside what we translate; `reason` says what, for the summary. */
export class PredicateRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const COMPARISON_OPERATORS = ['<>', '!=', '<=', '>=', '!<', '!>', '=', '<', '>'] as const;

export interface TokenizeOptions {
  /**
   * `refuse`: a check or filter never holds a comment (SQL Server stores them normalized), so
   * one means text we did not expect. `skip`: a view's definition is kept as written.
   */
  readonly comments: 'refuse' | 'skip';
  /** SET QUOTED_IDENTIFIER when the text was created: OFF makes `"x"` a string literal. */
  readonly quotedIdentifier: boolean;
}

const CHECK_TEXT: TokenizeOptions = { comments: 'refuse', quotedIdentifier: true };

export function tokenizePredicate(text: string, options: TokenizeOptions = CHECK_TEXT): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ k: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma' });
      i += 1;
    } else if (ch === '-' && text[i + 1] === '-') {
      if (options.comments === 'refuse') throw new PredicateRefused('contains a -- comment');
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      if (options.comments === 'refuse') throw new PredicateRefused('contains a block comment');
      i = skipBlockComment(text, i);
    } else if (ch === '-') {
      tokens.push({ k: 'minus' });
      i += 1;
    } else if (ch === '[') {
      const { value, end } = readQuoted(text, i, ']');
      tokens.push({ k: 'ident', text: value, bracketed: true });
      i = end;
    } else if (ch === '"') {
      const { value, end } = readQuoted(text, i, '"');
      tokens.push(options.quotedIdentifier ? { k: 'ident', text: value, bracketed: true } : { k: 'string', value });
      i = end;
    } else if (ch === "'" || ((ch === 'N' || ch === 'n') && text[i + 1] === "'")) {
      // N'x' is an nvarchar literal; in Postgres every string literal is Unicode already.
      const { value, end } = readQuoted(text, ch === "'" ? i : i + 1, "'");
      tokens.push({ k: 'string', value });
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      if (/^[A-Za-z_]/.test(text.slice(i + m[0].length))) {
        throw new PredicateRefused(`unrecognized literal near "${text.slice(i, i + m[0].length + 8)}"`);
      }
      tokens.push({ k: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[\p{L}_]/u.test(ch)) {
      const m = /^[\p{L}_][\p{L}\p{N}_$#@]*/u.exec(text.slice(i))!;
      tokens.push({ k: 'ident', text: m[0], bracketed: false });
      i += m[0].length;
    } else {
      const op = COMPARISON_OPERATORS.find((o) => text.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ k: 'op', text: op });
        i += op.length;
      } else {
        tokens.push({ k: 'other', text: ch });
        i += 1;
      }
    }
  }
  return tokens;
}

// T-SQL block comments nest: an inner opener needs its own closer before the outer one ends.
function skipBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  throw new PredicateRefused('has an unterminated /* comment');
}

/** Reads `[a]]b]`, `'it''s'` or `"x"`: the closing character doubled stands for itself. */
function readQuoted(text: string, start: number, close: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new PredicateRefused(`unterminated ${text[start]}...${close}`);
    const ch = text[i]!;
    if (ch === close) {
      if (text[i + 1] === close) {
        value += close;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i += 1;
  }
}
