/** The distributed part of `mssql2pg status --pg-url`: connects, reads the shared run state, closes. */
import { openTargetPool } from '../postgres/pool.js';
import { formatDistributedStatus, readDistributedStatus, type DistributedRunStatus } from '../status/distributed-status.js';

export async function distributedStatus(url: string): Promise<{ runs: DistributedRunStatus[]; lines: string[] }> {
  const pool = await openTargetPool(url, 1);
  try {
    const runs = await readDistributedStatus(pool);
    return { runs, lines: formatDistributedStatus(runs) };
  } finally {
    await pool.end();
  }
}
