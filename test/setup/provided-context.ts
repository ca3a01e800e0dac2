// Values the globalSetup files hand to test workers through vitest's provide()/inject().
// provide() is used rather than process.env because workers are separate processes whose
// environment is not something globalSetup is documented to control.

/** Where e2e tests find SQL Server, or why they are skipped. */
export type SqlServerTarget = { readonly url: string } | { readonly skip: string };

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test Postgres server's `postgres` database. */
    pgAdminUrl: string;
    sqlServerTarget: SqlServerTarget;
  }
}
