import { describe, expect, it } from 'vitest';
import { NameRegistry, cutToBytes, hashedName, isGeneratedName, postgresStyleName } from '../../src/postdata/object-names.js';

describe('post-data object names', () => {
  it.each([
    ['PK__Orders__C3905BAF1234ABCD', true],
    ['UQ__Customer__A9D10534F1E2D3C4', true],
    ['FK__Orders__Custo__2B3F6F97', true],
    ['CK__Orders__Qty__1A14E395', true],
    ['PK_Orders', false],
    ['IX_Orders_Date', false],
    ['PK__Orders', false],
  ])('isGeneratedName(%s) = %s', (name, expected) => {
    expect(isGeneratedName(name)).toBe(expected);
  });

  it('builds the names Postgres gives unnamed objects', () => {
    expect(postgresStyleName('primary-key', 'orders', ['id'])).toBe('orders_pkey');
    expect(postgresStyleName('unique', 'orders', ['code', 'region'])).toBe('orders_code_region_key');
    expect(postgresStyleName('index', 'orders', ['placed_at'])).toBe('orders_placed_at_idx');
    expect(postgresStyleName('foreign-key', 'orders', ['customer_id'])).toBe('orders_customer_id_fkey');
    expect(postgresStyleName('check', 'orders', ['qty'])).toBe('orders_qty_check');
  });

  it('cuts to 63 bytes of UTF-8 without splitting a character, with a stable 6-digit hash', () => {
    const long = `ix_${'ü'.repeat(40)}`; // 83 bytes
    const a = hashedName(long, 'index:dbo.T:IX');
    expect(Buffer.byteLength(a, 'utf8')).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^ix_ü+_[0-9a-f]{6}$/);
    expect(hashedName(long, 'index:dbo.T:IX')).toBe(a);
    expect(hashedName(long, 'index:dbo.U:IX')).not.toBe(a);
    expect(cutToBytes('aü', 2)).toBe('a');
  });

  it('keeps a free name, hashes a taken one (index names per schema, constraint names per table)', () => {
    const r = new NameRegistry();
    r.reserveTable('public', 'orders');
    const claim = (table: string, wanted: string, kind: 'index' | 'check') =>
      r.claim({ schema: 'public', table, wanted, identity: `${kind}:${table}:${wanted}`, usesRelationName: kind === 'index', usesConstraintName: kind !== 'index' });
    expect(claim('lines', 'ix_date', 'index')).toBe('ix_date');
    // Same SQL Server index name on another table: free there, taken in the Postgres schema.
    expect(claim('orders', 'ix_date', 'index')).toMatch(/^ix_date_[0-9a-f]{6}$/);
    // A table's name is taken for indexes too.
    expect(claim('lines', 'orders', 'index')).toMatch(/^orders_[0-9a-f]{6}$/);
    // Check constraints only collide within their table.
    expect(claim('orders', 'ck_qty', 'check')).toBe('ck_qty');
    expect(claim('lines', 'ck_qty', 'check')).toBe('ck_qty');
    expect(claim('lines', 'ck_qty', 'check')).toMatch(/^ck_qty_[0-9a-f]{6}$/);
  });

  it('gives a name longer than 63 bytes the hash form even when free', () => {
    const r = new NameRegistry();
    const wanted = 'x'.repeat(70);
    const name = r.claim({ schema: 's', table: 't', wanted, identity: 'i', usesRelationName: true, usesConstraintName: true });
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^x{56}_[0-9a-f]{6}$/);
  });
});
