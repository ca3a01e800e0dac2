/**
 * Inventory items from the facts only assess reads (src/catalog/inventory.ts): table and column
 * features, index kinds no stage builds, partitioning, user types, assemblies, Change Tracking,
 * CDC and the collations in use. Pure.
 */
import type { InventoryFacts } from '../catalog/inventory.js';
import { qualifiedName, type TableModel } from '../catalog/model.js';
import { isCaseInsensitive } from '../postdata/translate-predicate.js';
import { item, type InventoryItem } from './inventory-types.js';

export interface FeatureInput {
  readonly facts: InventoryFacts;
  /** The selected tables the stages copy. */
  readonly tables: readonly TableModel[];
  /** Whether a `schema.name` is selected by --include/--exclude (for tables the stages never read). */
  readonly selected: (name: string) => boolean;
  /** The selected views by object_id (for their full-text and XML indexes). */
  readonly views: ReadonlyMap<number, string>;
}

const INDEX_KINDS: Readonly<Record<number, { kind: 'xml-index' | 'spatial-index' | 'columnstore-index'; reason: string }>> = {
  3: { kind: 'xml-index', reason: 'PostgreSQL has no XML index; index expressions over xpath() by hand if queries need one' },
  4: { kind: 'spatial-index', reason: 'not built: with PostGIS columns, create a GiST index by hand' },
  5: { kind: 'columnstore-index', reason: 'a storage format PostgreSQL does not have built in; the data is copied into an ordinary table' },
  6: { kind: 'columnstore-index', reason: 'a storage format PostgreSQL does not have built in; the table is copied without it' },
};

export function featureItems(input: FeatureInput): InventoryItem[] {
  const { facts } = input;
  const byId = new Map(input.tables.map((t) => [t.objectId, t]));
  const tableFacts = new Map(facts.tables.map((t) => [t.objectId, t]));
  const nameOf = (id: number): string => {
    const t = tableFacts.get(id);
    return t === undefined ? `object ${id}` : `${t.schema}.${t.name}`;
  };
  const out: InventoryItem[] = [];
  for (const t of facts.tables) {
    const name = `${t.schema}.${t.name}`;
    if (t.fileTable && input.selected(name)) out.push(item('filetable', name, 'not-handled', { reason: 'a FileTable holds the files of a FILESTREAM share that SQL Server manages: not copied' }));
    if (t.external && input.selected(name)) out.push(item('external-table', name, 'not-handled', { reason: 'an external (PolyBase) table stores no rows in this database: not copied; use a foreign data wrapper' }));
    if (!byId.has(t.objectId)) continue;
    if (t.temporalType === 2) {
      out.push(item('temporal-table', name, 'copied', { differences: [`copied as an ordinary table: system versioning is not recreated; its history table ${t.historyTableId === null ? '' : `${nameOf(t.historyTableId)} `}is copied as a table of its own`] }));
    } else if (t.temporalType === 1) {
      out.push(item('temporal-table', name, 'copied', { differences: ['the history table of a system-versioned table: copied as an ordinary table'] }));
    }
    if (t.memoryOptimized) {
      const durability = t.durability === 'SCHEMA_ONLY' ? '; SCHEMA_ONLY in SQL Server (its rows do not survive a restart), durable in PostgreSQL' : '';
      out.push(item('memory-optimized-table', name, 'copied', { differences: [`an ordinary table in PostgreSQL${durability}`] }));
    }
  }
  out.push(...columnFeatureItems(input, byId));
  out.push(...indexFeatureItems(input, byId));
  out.push(...databaseItems(input));
  return out;
}

function columnFeatureItems(input: FeatureInput, byId: ReadonlyMap<number, TableModel>): InventoryItem[] {
  const out: InventoryItem[] = [];
  for (const c of input.facts.columns) {
    const t = byId.get(c.objectId);
    if (t === undefined) continue;
    const name = `${qualifiedName(t)}.${c.name}`;
    if (c.sparse) out.push(item('sparse-column', name, 'copied', { detail: 'an ordinary nullable column (SPARSE is a storage option)' }));
    if (c.columnSet) out.push(item('column-set', name, 'not-handled', { reason: 'the XML column set (a computed view of the sparse columns) is not created; the sparse columns themselves are copied' }));
    if (c.filestream) out.push(item('filestream', name, 'copied', { differences: ['the files\' content is copied into a bytea column (no FILESTREAM storage in PostgreSQL)'] }));
    if (c.masked) out.push(item('masked-column', name, 'copied', { differences: ['dynamic data masking is not recreated: readers with SELECT see the real values'] }));
    if (c.encrypted) {
      out.push(item('encrypted-column', name, 'not-handled', { reason: 'Always Encrypted: the column holds ciphertext the copy cannot decrypt without the keys; decrypt it at the source first' }));
    }
    const bound = input.facts.boundObjects.get(c.defaultObjectId);
    if (bound?.type === 'default') out.push(item('bound-default', name, 'not-handled', { reason: `a default bound with sp_bindefault (${bound.name}), not a default constraint: left out; add a DEFAULT by hand` }));
    const rule = input.facts.boundObjects.get(c.ruleObjectId);
    if (rule !== undefined) out.push(item('bound-default', name, 'not-handled', { reason: `a rule bound with sp_bindrule (${rule.name}): not recreated; write it as a CHECK constraint` }));
  }
  return out;
}

function indexFeatureItems(input: FeatureInput, byId: ReadonlyMap<number, TableModel>): InventoryItem[] {
  const out: InventoryItem[] = [];
  const owner = (id: number): string | null => {
    const t = byId.get(id);
    return t !== undefined ? qualifiedName(t) : (input.views.get(id) ?? null);
  };
  const schemes = new Map(input.facts.partitionSchemes.map((s) => [s.dataSpaceId, s.name]));
  for (const i of input.facts.indexes) {
    const table = owner(i.objectId);
    if (table === null) continue;
    const special = INDEX_KINDS[i.type];
    if (special !== undefined) out.push(item(special.kind, `${table}.${i.name ?? '(unnamed)'}`, 'not-handled', { reason: special.reason }));
    const scheme = schemes.get(i.dataSpaceId);
    if (scheme !== undefined && (i.indexId === 0 || i.indexId === 1) && byId.has(i.objectId)) {
      out.push(item('partitioned-table', table, 'copied', { differences: [`partitioned by the scheme ${scheme}: copied as one unpartitioned table (declare PostgreSQL partitions by hand if needed)`] }));
    }
  }
  for (const id of input.facts.fullTextIndexes) {
    const table = owner(id);
    if (table !== null) out.push(item('fulltext-index', table, 'not-handled', { reason: 'not built: PostgreSQL\'s full-text search (a tsvector column or expression with a GIN index) is set up by hand, and CONTAINS/FREETEXT queries rewritten' }));
  }
  return out;
}

function databaseItems(input: FeatureInput): InventoryItem[] {
  const { facts } = input;
  const db = facts.database.name;
  const out: InventoryItem[] = [];
  for (const f of facts.partitionFunctions) out.push(item('partition-function', f.name, 'not-handled', { detail: f.type, reason: 'PostgreSQL has no partition functions; partitioned tables are copied unpartitioned' }));
  for (const s of facts.partitionSchemes) out.push(item('partition-scheme', s.name, 'not-handled', { reason: 'PostgreSQL has no partition schemes; partitioned tables are copied unpartitioned' }));
  for (const t of facts.userTypes) {
    const name = `${t.schema}.${t.name}`;
    if (!input.selected(name)) continue;
    if (t.kind === 'alias') out.push(item('alias-type', name, 'translated', { detail: `columns of this type get its base type ${t.base ?? ''} mapped; the type itself is not created` }));
    else if (t.kind === 'clr') out.push(item('clr-type', name, 'not-handled', { reason: 'a CLR type has no PostgreSQL type: its columns need a --type-override (their values are copied as their ToString() text)' }));
    else out.push(item('table-type', name, 'not-handled', { reason: 'PostgreSQL has no table types (they carry table-valued parameters of procedures, which are exported)' }));
  }
  for (const a of facts.assemblies) out.push(item('assembly', a.name, 'not-handled', { detail: a.permissionSet, reason: 'CLR code does not run in PostgreSQL: port what it does by hand' }));
  const tracked = (pick: (t: (typeof facts.tables)[number]) => boolean): string => facts.tables.filter(pick).map((t) => `${t.schema}.${t.name}`).join(', ');
  if (facts.database.changeTracking === true) {
    const tables = tracked((t) => t.changeTracking);
    out.push(item('change-tracking', db, 'not-handled', { detail: tables === '' ? null : `tables: ${tables}`, reason: 'Change Tracking is not carried over: after cutover use logical replication, triggers or an audit extension' }));
  }
  if (facts.database.cdcEnabled === true) {
    const tables = tracked((t) => t.cdc);
    out.push(item('cdc', db, 'not-handled', { detail: tables === '' ? null : `tables: ${tables}`, reason: 'change data capture is not carried over: use logical decoding (wal2json, pgoutput) after cutover' }));
  }
  return out;
}

/** The collations in use by the selected text columns, and the database default. */
export function collationItems(tables: readonly TableModel[], databaseCollation: string | null): InventoryItem[] {
  const counts = new Map<string, number>();
  for (const t of tables) for (const c of t.columns) if (c.collation !== null) counts.set(c.collation, (counts.get(c.collation) ?? 0) + 1);
  const out: InventoryItem[] = [];
  const differences = (collation: string): string[] => [
    ...(isCaseInsensitive(collation) ? ["case-insensitive in SQL Server: in PostgreSQL equality, keys and LIKE become case-sensitive ('abc' <> 'ABC'); listed per key and check by stage 3"] : []),
    'text sorts by the PostgreSQL column collation (the database default), not by this one; trailing spaces count in PostgreSQL comparisons',
  ];
  for (const [collation, n] of counts) {
    out.push(item('collation', collation, 'copied', { detail: `${n} column${n === 1 ? '' : 's'}${collation === databaseCollation ? ' (the database default)' : ''}`, differences: differences(collation) }));
  }
  if (databaseCollation !== null && !counts.has(databaseCollation)) {
    out.push(item('collation', databaseCollation, 'copied', { detail: 'the database default', differences: differences(databaseCollation) }));
  }
  return out;
}
