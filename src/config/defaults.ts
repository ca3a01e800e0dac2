/**
 * Every default of mssql2pg, in one place: the command definitions (their `--help` text and
 * yargs defaults), the configuration resolver and the stages all read them from here, so a
 * default changes in one line and `--help` never disagrees with what runs.
 */
import { availableParallelism } from 'node:os';

export const DEFAULTS = {
  /**
   * `sync data` (and `migrate`) units at once: one per core, since a unit's read, encode and
   * COPY keep about one core busy. Capped at 4 so a default run does not open more than a few
   * connections on each server.
   */
  parallel: Math.max(1, Math.min(4, availableParallelism())),
  /** `replicate constraints`: index builds at once (each one can use maintenance_work_mem). */
  constraintsParallel: 2,
  /** `verify`: tables compared at once. */
  verifyParallel: 2,
  /** Retries per unit for transient failures. */
  retries: 3,
  /** Backoff before retry n: base × 2^(n-1), capped, ±20 % jitter (run/retry.ts). */
  backoff: { baseMs: 1000, capMs: 60_000 },
  /** About this many rows per key range of a big table; 0 turns ranges off. */
  chunkRows: 2_000_000,
  /** verify compares a big table in key ranges of about this many rows (several ranges at once, like stage 2). */
  verifyRangeRows: 250_000,
  /**
   * Memory of all of verify's multiset comparisons (tables without an integer primary key)
   * together; beyond it they spill to files in the progress directory.
   */
  verifyMemoryBytes: 64 * 1024 * 1024,
  /** Empty each target table before loading it. */
  truncate: true,
  progressDir: 'progress',
  /** Distributed runs (sync data --distributed, mssql2pg worker). */
  distributed: {
    /**
     * A claim not refreshed for this long is taken as dead and its unit queued again: long enough
     * that a busy worker (a refresh every half of it) is never mistaken for a dead one.
     */
    heartbeatSeconds: 30,
    /**
     * How often an idle worker asks for a unit, pg-boss's minimum: a worker also waits this long
     * after each unit before its next claim (bench:distributed measures it, about 0.4 s).
     */
    pollSeconds: 0.5,
    /** Units a coordinator keeps queued or running at once: enough for a few dozen worker slots. */
    queueDepth: 64,
  },
  source: {
    port: 1433,
    encrypt: true,
    trustServerCertificate: false,
    connectTimeoutMs: 30_000,
    // 0 = no timeout: a table scan streaming for hours is one request.
    requestTimeoutMs: 0,
  },
  target: {
    // As the SQL Server side: a server that accepts and never answers ends the run in 30 s.
    connectTimeoutMs: 30_000,
    // Node (libuv ≥ 1.49) then probes every second, 10 times: a dead server is found about
    // 70 s after the connection fell silent.
    keepAliveMs: 60_000,
  },
  identifierStyle: 'lower',
  /** Young generation of a stage-2 worker that reads through the TDS decoder (src/workers/messages.ts says why). */
  decoderWorkerYoungGenerationMb: 2,
  /**
   * After Ctrl-C, SIGTERM or a fault, the run gets this long to roll back and save progress;
   * then the process exits anyway (a database that stopped answering must not hold it forever).
   */
  stopGraceMs: 30_000,
} as const;
