// The type map and the read table are keyed by one union, SystemTypeName, so a type added to the
// union without its Postgres type or its read is a compile error (`satisfies Record<...>` in
// src/typemap/type-map.ts and src/sqlserver/column-read.ts). `npm test` type-checks this file:
// the @ts-expect-error below fails the build if a table missing a type ever compiles.
import { describe, expect, it } from 'vitest';
import { isClrUserType, SYSTEM_TYPE_NAMES, systemTypeName, type SystemTypeName } from '../../src/catalog/system-types.js';
import { columnRead } from '../../src/sqlserver/column-read.js';
import { findTypeMapRow, TYPE_MAP } from '../../src/typemap/type-map.js';
import { column } from '../helpers/catalog-builder.js';

describe('SystemTypeName ties the type map to the reads', () => {
  it('a type map without one of the system types does not compile', () => {
    const { bit: _bit, ...withoutBit } = TYPE_MAP;
    // @ts-expect-error every SystemTypeName needs its row: without `bit` this is not a Record<SystemTypeName, ...>
    const incomplete: Record<SystemTypeName, unknown> = withoutBit;
    expect(Object.keys(incomplete)).toHaveLength(SYSTEM_TYPE_NAMES.length - 1);
  });

  it('gives every system type a type-map row and a read', () => {
    for (const type of SYSTEM_TYPE_NAMES) {
      expect(findTypeMapRow(type), type).toBeDefined();
      expect(() => columnRead('dbo.T', column('c', type, { precision: 18, scale: 2, maxLength: 8 })), type).not.toThrow();
    }
  });

  it('knows a system type in any case, and neither a CLR user type nor an unknown type', () => {
    expect(systemTypeName('NVarChar')).toBe('nvarchar');
    expect(systemTypeName('dbo.Point')).toBeNull();
    expect(systemTypeName('vector')).toBeNull();
  });

  it('applies the CLR rule in both tables: no type-map row, read through ToString()', () => {
    expect(isClrUserType('dbo.Point')).toBe(true);
    expect(isClrUserType('geography')).toBe(false);
    expect(findTypeMapRow('dbo.Point')).toBeUndefined();
    expect(columnRead('dbo.T', column('p', 'dbo.Point')).expression('[p]')).toBe('[p].ToString()');
  });
});
