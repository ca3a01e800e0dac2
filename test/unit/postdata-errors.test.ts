import { describe, expect, it } from 'vitest';
import { TableError } from '../../src/errors.js';
import type { PostdataItem } from '../../src/postdata/index.js';
import { formatError } from '../../src/run/format-error.js';
import { statementFailed } from '../../src/stages/postdata-errors.js';

const item: PostdataItem = {
  kind: 'unique', sourceName: 'UQ_Email', targetName: 'uq_email', sql: '',
};

/** A node-postgres DatabaseError as it arrives: SQLSTATE in `code`, DETAIL in `detail`. */
function pgError(code: string, message: string, detail?: string): Error {
  return Object.assign(new Error(message), { code, detail, constraint: 'uq_email' });
}

describe('statementFailed', () => {
  it('names the table, the object (with its source name), keeps Postgres message, SQLSTATE and DETAIL, and says what to do', () => {
    const err = statementFailed('dbo.Customers', item, pgError('23505', 'could not create unique index "uq_email"', 'Key (email)=(a@x) is duplicated.'));
    expect(err).toBeInstanceOf(TableError);
    expect(formatError(err)).toBe(
      'Table dbo.Customers (constraints) failed: unique constraint uq_email (source UQ_Email): could not create unique index "uq_email". ' +
        'Remove the duplicate rows (DETAIL names the key) in the target, or fix them at the source and reload the table with mssql2pg sync data; ' +
        'then run mssql2pg replicate constraints --resume [SQLSTATE 23505, constraint uq_email] (Key (email)=(a@x) is duplicated.)',
    );
  });

  it.each([
    ['42P01', /run mssql2pg replicate schema/],
    ['42830', /no primary key or unique constraint on those columns/],
    ['23503', /--fk-not-valid/],
    ['XX000', /Fix the cause, then run mssql2pg replicate constraints --resume/],
    ['57014', /cancelled and rolled back; then run mssql2pg replicate constraints --resume to build it again/],
  ])('advice for SQLSTATE %s', (code, advice) => {
    expect(statementFailed('dbo.T', item, pgError(code, 'boom')).message).toMatch(advice);
  });

  it('says a key that failed validation stays NOT VALID', () => {
    const fk = { ...item, kind: 'foreign-key' as const, sourceName: 'fk_x', targetName: 'fk_x', createdNotValid: true, validateSql: '', references: 'dbo.U' };
    expect(statementFailed('dbo.T', fk, pgError('23503', 'insert or update violates'), true).message).toMatch(
      /foreign key fk_x was created NOT VALID and stays so; validating it failed: insert or update violates/,
    );
  });
});
