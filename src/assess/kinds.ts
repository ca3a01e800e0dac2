/**
 * The kinds of object `mssql2pg assess` accounts for, in report order, with how the report names
 * them, and the five things mssql2pg can do with an object.
 */

export const KINDS = {
  schema: ['schema', 'schemas'],
  table: ['table', 'tables'],
  'column-type': ['column type', 'column types'],
  identity: ['identity column', 'identity columns'],
  'computed-column': ['computed column', 'computed columns'],
  'sparse-column': ['sparse column', 'sparse columns'],
  'column-set': ['sparse column set', 'sparse column sets'],
  'masked-column': ['masked column', 'masked columns'],
  'encrypted-column': ['Always Encrypted column', 'Always Encrypted columns'],
  default: ['default', 'defaults'],
  'bound-default': ['bound default or rule', 'bound defaults and rules'],
  'primary-key': ['primary key', 'primary keys'],
  unique: ['unique constraint', 'unique constraints'],
  index: ['index', 'indexes'],
  'filtered-index': ['filtered index', 'filtered indexes'],
  'columnstore-index': ['columnstore index', 'columnstore indexes'],
  'xml-index': ['XML index', 'XML indexes'],
  'spatial-index': ['spatial index', 'spatial indexes'],
  'fulltext-index': ['full-text index', 'full-text indexes'],
  check: ['check constraint', 'check constraints'],
  'foreign-key': ['foreign key', 'foreign keys'],
  view: ['view', 'views'],
  'indexed-view': ['indexed view', 'indexed views'],
  procedure: ['procedure', 'procedures'],
  function: ['function', 'functions'],
  trigger: ['trigger', 'triggers'],
  sequence: ['sequence', 'sequences'],
  synonym: ['synonym', 'synonyms'],
  'alias-type': ['alias type', 'alias types'],
  'clr-type': ['CLR type', 'CLR types'],
  'table-type': ['table type', 'table types'],
  assembly: ['CLR assembly', 'CLR assemblies'],
  'partition-function': ['partition function', 'partition functions'],
  'partition-scheme': ['partition scheme', 'partition schemes'],
  'partitioned-table': ['partitioned table', 'partitioned tables'],
  'temporal-table': ['temporal table', 'temporal tables'],
  'memory-optimized-table': ['memory-optimized table', 'memory-optimized tables'],
  filestream: ['FILESTREAM column', 'FILESTREAM columns'],
  filetable: ['FileTable', 'FileTables'],
  'external-table': ['external table', 'external tables'],
  'change-tracking': ['Change Tracking', 'Change Tracking'],
  cdc: ['change data capture', 'change data capture'],
  collation: ['collation', 'collations'],
} as const satisfies Record<string, readonly [string, string]>;

export type ObjectKind = keyof typeof KINDS;

export const KIND_ORDER = Object.keys(KINDS) as ObjectKind[];

/** `3 views`, `1 view`: a count with the kind's name. */
export function countOf(kind: ObjectKind, n: number): string {
  const [one, many] = KINDS[kind];
  // Settings like Change Tracking are not counted objects.
  if (one === many) return one;
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * - copied: exactly as in SQL Server (data and definition);
 * - copied-with-differences: copied, with a listed difference in meaning;
 * - translated: rewritten for PostgreSQL with the same meaning (differences, if any, listed);
 * - exported: not created; its T-SQL goes to progress/unmigrated/ for porting by hand;
 * - not-handled: neither, with why.
 */
export type Verdict = 'copied' | 'copied-with-differences' | 'translated' | 'exported' | 'not-handled';

export const VERDICTS: readonly Verdict[] = ['copied', 'copied-with-differences', 'translated', 'exported', 'not-handled'];

export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  copied: 'copied exactly',
  'copied-with-differences': 'copied with a listed difference',
  translated: 'translated',
  exported: 'exported for porting by hand',
  'not-handled': 'not handled',
};
