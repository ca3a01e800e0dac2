/**
 * Which table a unit's rows went into: the oid and relfilenode of the target, as Postgres sees
 * them inside the unit's transaction (after its own TRUNCATE, which gives the table a new
 * relfilenode). A resume compares the recorded identity with the table as it is now, so a table
 * that was dropped and recreated (new oid), or truncated or rewritten (new relfilenode), is
 * never taken to still hold the rows recorded for it.
 */
import type { TargetIdentity } from '../progress/types.js';
import type { Queryable } from './queryable.js';

export type { TargetIdentity };

/** The identity of `qualified` (a quoted `"schema"."table"`), or null when there is no such table. */
export async function readTargetIdentity(db: Queryable, qualified: string): Promise<TargetIdentity | null> {
  const r = await db.query<{ oid: string | null; filenode: string | null }>(
    `SELECT c.oid::text AS oid, pg_relation_filenode(c.oid)::text AS filenode FROM (SELECT to_regclass($1)::oid AS oid) c`,
    [qualified],
  );
  return identityOf(r.rows[0]?.oid ?? null, r.rows[0]?.filenode ?? null);
}

/** Identities of several tables in one query, by quoted name; missing tables are absent from the map. */
export async function readTargetIdentities(db: Queryable, qualified: readonly string[]): Promise<Map<string, TargetIdentity>> {
  if (qualified.length === 0) return new Map();
  const r = await db.query<{ name: string; oid: string | null; filenode: string | null }>(
    `SELECT t.name, c.oid::text AS oid, pg_relation_filenode(c.oid)::text AS filenode
       FROM unnest($1::text[]) AS t(name) LEFT JOIN LATERAL (SELECT to_regclass(t.name)::oid AS oid) c ON true`,
    [qualified],
  );
  const out = new Map<string, TargetIdentity>();
  for (const row of r.rows) {
    const identity = identityOf(row.oid, row.filenode);
    if (identity !== null) out.set(row.name, identity);
  }
  return out;
}

export function identityOf(oid: string | null, filenode: string | null): TargetIdentity | null {
  if (oid === null || filenode === null) return null;
  return { oid: Number(oid), filenode: Number(filenode) };
}

export function sameIdentity(a: TargetIdentity, b: TargetIdentity): boolean {
  return a.oid === b.oid && a.filenode === b.filenode;
}

/** `oid 16384, relfilenode 16390`, for messages. */
export function describeIdentity(t: TargetIdentity): string {
  return `oid ${t.oid}, relfilenode ${t.filenode}`;
}
