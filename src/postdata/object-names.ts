/**
 * Target names for primary keys, unique constraints, indexes, checks and foreign keys.
 *
 * The rule (README, "Stage 3"): keep the source name with the identifier style applied when it
 * is free; a name SQL Server generated (`PK__Orders__C3905BAF1234ABCD`, `FK__Orders__Custo__2B3F6F97`)
 * becomes the name Postgres itself would give (`orders_pkey`, `orders_customer_id_fkey`,
 * `orders_code_key`, `orders_qty_check`). A name that is taken, or longer than 63 bytes, becomes
 * the wanted name cut to fit plus `_` and 6 hex digits of a hash of the source object's
 * identity, so the same catalog always yields the same names, whatever the batch window.
 *
 * Postgres namespaces: index names (and so primary-key and unique-constraint names, which
 * are their indexes' names) share one namespace per schema with tables; constraint names must
 * be unique per table. SQL Server's index names are unique per table only.
 */
import { createHash } from 'node:crypto';
import { PG_MAX_IDENTIFIER_BYTES } from '../naming/plan-target-names.js';

export type PostdataKind = 'primary-key' | 'unique' | 'index' | 'check' | 'foreign-key';

/** SQL Server's system-generated constraint names: `PK__<table>__<8 or 16 hex digits>`. */
const GENERATED_NAME = /^(PK|UQ|FK|CK)__.+__[0-9A-F]{8}([0-9A-F]{8})?$/i;

export function isGeneratedName(name: string): boolean {
  return GENERATED_NAME.test(name);
}

const SUFFIX: Readonly<Record<PostdataKind, string>> = {
  'primary-key': 'pkey',
  unique: 'key',
  index: 'idx',
  check: 'check',
  'foreign-key': 'fkey',
};

/** The name Postgres gives an unnamed object: `orders_pkey`, `orders_a_b_key`, `orders_qty_check`. */
export function postgresStyleName(kind: PostdataKind, table: string, columns: readonly string[]): string {
  if (kind === 'primary-key') return `${table}_pkey`;
  return [table, ...columns, SUFFIX[kind]].join('_');
}

/** Cuts `name` to `maxBytes` of UTF-8 without splitting a character. */
export function cutToBytes(name: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/** `wanted` cut so that `_` + 6 hex digits of hash(identity) fits in 63 bytes. */
export function hashedName(wanted: string, identity: string): string {
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 6);
  return `${cutToBytes(wanted, PG_MAX_IDENTIFIER_BYTES - 7)}_${hash}`;
}

/** The names already used in the target: per schema (relations) and per table (constraints). */
export class NameRegistry {
  private readonly relations = new Map<string, Set<string>>();
  private readonly constraints = new Map<string, Set<string>>();

  /** Reserves a table name so that no index takes it. */
  reserveTable(schema: string, table: string): void {
    this.setOf(this.relations, schema).add(table);
  }

  /**
   * Picks and reserves the name for one object. `usesRelationName` is true for objects backed
   * by an index (primary key, unique constraint, index); `usesConstraintName` for table constraints.
   */
  claim(o: {
    readonly schema: string;
    readonly table: string;
    readonly wanted: string;
    readonly identity: string;
    readonly usesRelationName: boolean;
    readonly usesConstraintName: boolean;
  }): string {
    const relations = this.setOf(this.relations, o.schema);
    const constraints = this.setOf(this.constraints, JSON.stringify([o.schema, o.table]));
    const free = (n: string): boolean => !(o.usesRelationName && relations.has(n)) && !(o.usesConstraintName && constraints.has(n));
    let name = Buffer.byteLength(o.wanted, 'utf8') <= PG_MAX_IDENTIFIER_BYTES && o.wanted.length > 0 ? o.wanted : hashedName(o.wanted, o.identity);
    // A hash that collides again (practically never) takes the next identity, still deterministic.
    for (let attempt = 0; !free(name); attempt += 1) name = hashedName(o.wanted, attempt === 0 ? o.identity : `${o.identity}#${attempt}`);
    if (o.usesRelationName) relations.add(name);
    if (o.usesConstraintName) constraints.add(name);
    return name;
  }

  private setOf(map: Map<string, Set<string>>, key: string): Set<string> {
    let set = map.get(key);
    if (set === undefined) map.set(key, (set = new Set()));
    return set;
  }
}
