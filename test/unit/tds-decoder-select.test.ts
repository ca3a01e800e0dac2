// The SELECT expressions of the decoder path (src/sqlserver/tds/decoder-select.ts): native
// where the wire bytes are exact, today's conversions where a type has no TDS form the decoder
// reads the same way, and one for every type today's path reads.
import { describe, expect, it } from 'vitest';
import { decoderSelectExpression, DECODER_READS } from '../../src/sqlserver/tds/decoder-select.js';
import { column } from '../helpers/catalog-builder.js';

describe('decoder SELECT expressions', () => {
  it('reads money and decimal natively, keeps the CASTs for LOB, xml, rowversion, spatial, hierarchyid, and leaves sql_variant to today\'s path', () => {
    const e = (type: string): string | null => decoderSelectExpression('dbo.T', column('c', type, { precision: 18, scale: 4 }), '[c]');
    expect([e('money'), e('smallmoney'), e('decimal'), e('numeric'), e('datetime2'), e('uniqueidentifier')]).toEqual(['[c]', '[c]', '[c]', '[c]', '[c]', '[c]']);
    expect(e('text')).toBe('CAST([c] AS varchar(max))');
    expect(e('ntext')).toBe('CAST([c] AS nvarchar(max))');
    expect(e('image')).toBe('CAST([c] AS varbinary(max))');
    expect(e('xml')).toBe('CAST([c] AS nvarchar(max))');
    expect(e('sql_variant')).toBeNull(); // its value and base type go through today's path as jsonb
    expect(e('rowversion')).toBe('CAST([c] AS binary(8))');
    expect(e('hierarchyid')).toBe('[c].ToString()');
    expect(e('dbo.Point')).toBe('[c].ToString()');
    expect(e('geography')).toContain('AsTextZM()');
    expect(e('no_such_type')).toBeNull();
  });

  it('covers every SQL Server type of the type map', () => {
    const types = ['bit', 'tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney', 'real', 'float', 'date', 'time', 'datetime', 'smalldatetime', 'datetime2', 'datetimeoffset', 'char', 'varchar', 'nchar', 'nvarchar', 'sysname', 'text', 'ntext', 'binary', 'varbinary', 'image', 'uniqueidentifier', 'xml', 'timestamp', 'rowversion', 'sql_variant', 'hierarchyid', 'geometry', 'geography'];
    expect(Object.keys(DECODER_READS).sort()).toEqual([...types].sort());
  });
});
