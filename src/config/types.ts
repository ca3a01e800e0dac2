/**
 * The resolved configuration: flags > environment > config file > defaults, resolved once by
 * `resolveConfig` and frozen. Everything below the CLI receives (parts of) this object and never
 * reads process.env or argv itself.
 */

export type IdentifierStyle = 'lower' | 'snake' | 'preserve';

export interface SourceConfig {
  readonly host: string;
  /** Port, or null when an instance name is used (SQL Browser resolves the port). */
  readonly port: number | null;
  readonly instanceName: string | null;
  readonly database: string;
  readonly user: string;
  /** Secret: never logged, never written to progress files or error messages. */
  readonly password: string;
  readonly encrypt: boolean;
  readonly trustServerCertificate: boolean;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface TargetConfig {
  /** Postgres connection URL. Secret (may hold a password): print only via `redactUrl`. */
  readonly url: string;
  /** Connecting (TCP, TLS, startup and login) must be done within this (ms); 0 waits forever. */
  readonly connectTimeoutMs: number;
  /**
   * TCP keepalive on every connection: the first probe after this long without traffic (ms);
   * 0 turns keepalive off. A connection whose server vanished is then found dead and fails
   * (and is retried) instead of waiting forever.
   */
  readonly keepAliveMs: number;
}

export interface SelectionConfig {
  /** Glob patterns over `schema.table`, case-insensitive. Empty include = everything. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface NamingConfig {
  /** Source schema → target schema. `dbo` → `public` unless configured otherwise. */
  readonly schemaMap: Readonly<Record<string, string>>;
  /** When set, every table goes into this schema (overrides schemaMap). */
  readonly targetSchema: string | null;
  readonly identifierStyle: IdentifierStyle;
}

export interface TypeOverridesConfig {
  /** SQL Server type name (lower-case) → Postgres type, e.g. `{ "money": "numeric(19,2)" }`. */
  readonly byType: Readonly<Record<string, string>>;
  /** `schema.table.column` (case-insensitive) → Postgres type, e.g. `{ "dbo.Orders.Total": "numeric(20,2)" }`. */
  readonly byColumn: Readonly<Record<string, string>>;
}

export interface ResolvedConfig {
  readonly source: SourceConfig;
  readonly target: TargetConfig;
  readonly selection: SelectionConfig;
  readonly naming: NamingConfig;
  readonly typeOverrides: TypeOverridesConfig;
  readonly progressDir: string;
  /** Where the configuration came from, for `--dry-run` and error messages (never holds secrets). */
  readonly configFile: string | null;
}
