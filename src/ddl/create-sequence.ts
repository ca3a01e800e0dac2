/**
 * A SQL Server sequence as a PostgreSQL sequence: the same start, increment, bounds, cycle and
 * cache, the closest type, and (after the data) the value that makes the next nextval() return
 * what NEXT VALUE FOR would return next. Pure.
 */
import type { SequenceModel } from '../catalog/objects.js';
import { quotePgLiteral, quotePgQualified } from './quote.js';

export interface SequenceTarget {
  readonly schema: string;
  readonly name: string;
}

/** What pg_sequences says about a sequence, in the units CREATE SEQUENCE takes (compared on rerun). */
export interface PgSequenceDefinition {
  readonly dataType: 'smallint' | 'integer' | 'bigint';
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cycle: boolean;
  readonly cache: string;
}

export type SequencePlan =
  | {
      readonly ok: true;
      readonly definition: PgSequenceDefinition;
      /** CREATE SEQUENCE IF NOT EXISTS: the table that uses it may create it first (another window). */
      readonly createSql: string;
      readonly differences: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

const BIGINT = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const PG_TYPE: Readonly<Record<string, PgSequenceDefinition['dataType']>> = {
  tinyint: 'smallint',
  smallint: 'smallint',
  int: 'integer',
  bigint: 'bigint',
  decimal: 'bigint',
  numeric: 'bigint',
};

export function planSequence(s: SequenceModel, target: SequenceTarget): SequencePlan {
  const dataType = PG_TYPE[s.type];
  if (dataType === undefined) return { ok: false, reason: `its type ${s.type} is not one a sequence can have` };
  const differences: string[] = [];
  let min = BigInt(s.minimum);
  let max = BigInt(s.maximum);
  const start = BigInt(s.start);
  // decimal(p,0) sequences may span more than bigint, PostgreSQL's widest sequence type: keep
  // the bigint part, as long as every value the sequence has produced or will start at fits.
  if (min < BIGINT.min || max > BIGINT.max) {
    const current = s.state.known ? BigInt(s.state.current) : start;
    for (const [what, value] of [['start value', start], ['current value', current]] as const) {
      if (value < BIGINT.min || value > BIGINT.max) {
        return { ok: false, reason: `its ${what} ${value} is beyond bigint, PostgreSQL's widest sequence type` };
      }
    }
    differences.push(
      `${s.type}(${s.precision},0) sequence created AS bigint: its range ${s.minimum} … ${s.maximum} is cut to bigint's ` +
        '(values beyond it fail in PostgreSQL)',
    );
    if (min < BIGINT.min) min = BIGINT.min;
    if (max > BIGINT.max) max = BIGINT.max;
  }
  if (s.type === 'tinyint') differences.push('tinyint sequence created AS smallint, with its bounds 0 … 255 kept');
  const cache = cacheOf(s, differences);
  const definition: PgSequenceDefinition = {
    dataType, start: String(start), increment: s.increment, min: String(min), max: String(max), cycle: s.cycle, cache,
  };
  return { ok: true, definition, createSql: createSequenceSql(target, definition), differences };
}

function cacheOf(s: SequenceModel, differences: string[]): string {
  switch (s.cache.kind) {
    case 'none':
      return '1';
    case 'default':
      differences.push(
        'CACHE without a size lets SQL Server pick one (its cache is shared by all sessions); created with CACHE 1, since a ' +
          "PostgreSQL cache is per session (values from different sessions would come out of order)",
      );
      return '1';
    case 'size':
      if (s.cache.size > 1) {
        differences.push(
          `CACHE ${s.cache.size} is per session in PostgreSQL: each session takes ${s.cache.size} values at a time, so values ` +
            "from different sessions are not in order and a session's unused values are skipped when it ends",
        );
      }
      return String(Math.max(1, s.cache.size));
    case 'unknown':
      differences.push('the source engine does not report the cache: created with CACHE 1');
      return '1';
  }
}

export function createSequenceSql(target: SequenceTarget, d: PgSequenceDefinition): string {
  return (
    `CREATE SEQUENCE IF NOT EXISTS ${quotePgQualified(target.schema, target.name)} AS ${d.dataType} ` +
    `START WITH ${d.start} INCREMENT BY ${d.increment} MINVALUE ${d.min} MAXVALUE ${d.max} ${d.cycle ? 'CYCLE' : 'NO CYCLE'} CACHE ${d.cache}`
  );
}

/** Where two definitions differ, as `field: target vs planned` (empty when they agree). */
export function sequenceMismatches(existing: PgSequenceDefinition, planned: PgSequenceDefinition): string[] {
  return (Object.keys(planned) as (keyof PgSequenceDefinition)[])
    .filter((k) => String(existing[k]) !== String(planned[k]))
    .map((k) => `${k} ${String(existing[k])} (wanted ${String(planned[k])})`);
}

export type SequenceValuePlan =
  | { readonly ok: true; readonly sql: string; readonly differences: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * `SELECT setval(...)` so that the next nextval() returns what NEXT VALUE FOR returns next.
 * sys.sequences.current_value is the last value handed out, or the start value when the
 * sequence was never used: only last_used_value (NULL until the first use, SQL Server 2017+)
 * tells the two apart. Where it cannot (SQL Server 2016, current = start), the target skips the
 * start value: a gap is harmless in a sequence, a value handed out twice is not.
 */
export function planSequenceValue(s: SequenceModel, target: SequenceTarget): SequenceValuePlan {
  if (!s.state.known) return { ok: false, reason: s.state.reason };
  const name = quotePgLiteral(quotePgQualified(target.schema, target.name));
  const differences: string[] = [];
  const { current, used } = s.state;
  if (used === null && current === s.start) {
    differences.push(
      `SQL Server 2016 does not say whether the sequence was ever used; it is set so the next value is ${s.start} + ${s.increment}, ` +
        `not ${s.start} (a gap rather than a value handed out twice)`,
    );
  }
  if (used === false) return { ok: true, sql: `SELECT setval(${name}, ${s.start}, false)`, differences };
  return { ok: true, sql: `SELECT setval(${name}, ${current}, true)`, differences };
}
