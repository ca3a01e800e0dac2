import type pg from 'pg';

/** The part of pg.Pool / pg.PoolClient that the target-side helpers use. */
export type Queryable = Pick<pg.PoolClient, 'query'>;
