/**
 * What `mssql2pg assess` (and the account stage 3 writes) needs beyond the catalog the stages
 * read: every user table including those no stage copies (FileTables, external tables), table
 * and column features (temporal, memory-optimized, FILESTREAM, sparse, masked, encrypted, bound
 * defaults and rules), every index kind, full-text indexes, partitioning, user types, CLR
 * assemblies, sizes, collations, Change Tracking and CDC. Values as SQL Server reports them.
 */
import type { UnavailableRead } from './objects.js';

export interface InventoryFacts {
  readonly database: DatabaseFacts;
  /** User schemas (the fixed system ones left out). */
  readonly schemas: readonly string[];
  readonly tables: readonly TableFacts[];
  readonly columns: readonly ColumnFeatureFacts[];
  readonly indexes: readonly IndexFacts[];
  /** object_id of every table or view with a full-text index. */
  readonly fullTextIndexes: readonly number[];
  readonly partitionFunctions: readonly { readonly name: string; readonly functionId: number; readonly type: string }[];
  readonly partitionSchemes: readonly { readonly name: string; readonly dataSpaceId: number; readonly functionId: number }[];
  readonly userTypes: readonly UserTypeFacts[];
  readonly assemblies: readonly { readonly name: string; readonly permissionSet: string }[];
  /** Used space per table (object_id), from sys.allocation_units; absent for memory-optimized tables. */
  readonly usedPages: ReadonlyMap<number, number>;
  /** Stand-alone defaults and rules (sp_bindefault / sp_bindrule objects), by object_id. */
  readonly boundObjects: ReadonlyMap<number, { readonly name: string; readonly type: 'default' | 'rule' }>;
  readonly unavailable: readonly UnavailableRead[];
}

export interface DatabaseFacts {
  readonly name: string;
  readonly collation: string | null;
  readonly compatibilityLevel: number | null;
  /** null where the engine does not say. */
  readonly cdcEnabled: boolean | null;
  readonly changeTracking: boolean | null;
}

export interface TableFacts {
  readonly objectId: number;
  readonly schema: string;
  readonly name: string;
  /** sys.tables.temporal_type: 0 none, 1 history table, 2 system-versioned. */
  readonly temporalType: number;
  readonly historyTableId: number | null;
  readonly memoryOptimized: boolean;
  /** SCHEMA_AND_DATA or SCHEMA_ONLY (memory-optimized tables). */
  readonly durability: string | null;
  readonly filestream: boolean;
  readonly fileTable: boolean;
  readonly external: boolean;
  readonly cdc: boolean;
  readonly changeTracking: boolean;
}

export interface ColumnFeatureFacts {
  readonly objectId: number;
  readonly columnId: number;
  readonly name: string;
  readonly sparse: boolean;
  readonly columnSet: boolean;
  readonly filestream: boolean;
  readonly rowGuid: boolean;
  readonly masked: boolean;
  /** Always Encrypted: the column holds ciphertext the driver cannot read without the keys. */
  readonly encrypted: boolean;
  /** A system-versioning period column (GENERATED ALWAYS AS ROW START/END). */
  readonly generatedAlways: boolean;
  readonly defaultObjectId: number;
  readonly ruleObjectId: number;
}

export interface IndexFacts {
  readonly objectId: number;
  readonly indexId: number;
  readonly name: string | null;
  /** sys.indexes.type: 0 heap, 1 clustered, 2 nonclustered, 3 XML, 4 spatial, 5 clustered columnstore, 6 nonclustered columnstore, 7 hash. */
  readonly type: number;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly uniqueConstraint: boolean;
  readonly disabled: boolean;
  readonly filtered: boolean;
  readonly dataSpaceId: number;
}

export interface UserTypeFacts {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'alias' | 'clr' | 'table';
  /** An alias type's base type, e.g. `nvarchar(20)`. */
  readonly base: string | null;
}
