// Finds a SQL Server for e2e tests: MSSQL_TEST_URL when set, else a throwaway Docker container
// (testcontainers), else a reason to skip. No fakes: without a real server e2e tests are skipped.
//
// URL format (the same one src/config/mssql-url.ts parses for the CLI):
//   mssql://user:password@host:port/database?encrypt=false&trustServerCertificate=true
// with user and password percent-encoded.
import { randomBytes } from 'node:crypto';
import sql from 'mssql';
import { parseMssqlUrl } from '../../src/config/mssql-url.js';

export interface SqlServerHandle {
  readonly url: string;
  stop(): Promise<void>;
}

export const NO_SQL_SERVER_REASON = 'no SQL Server: set MSSQL_TEST_URL or start a Docker engine';

const IMAGE = 'mcr.microsoft.com/mssql/server:2022-latest';
const RUNTIME_PROBE_TIMEOUT_MS = 15_000;
const CONTAINER_STARTUP_TIMEOUT_MS = 300_000; // includes pulling a ~1.5 GB image
const FIRST_QUERY_TIMEOUT_MS = 90_000;

export async function getSqlServer(): Promise<SqlServerHandle | { skip: string }> {
  const configured = process.env['MSSQL_TEST_URL'];
  if (configured) return { url: configured, stop: async () => undefined };
  if (!(await isContainerRuntimeReachable())) return { skip: NO_SQL_SERVER_REASON };
  return startSqlServerContainer();
}

export function formatMssqlUrl(parts: {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
}): string {
  const credentials = `${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.password)}`;
  const database = encodeURIComponent(parts.database);
  return `mssql://${credentials}@${parts.host}:${parts.port}/${database}?encrypt=false&trustServerCertificate=true`;
}

/** A `mssql` (tedious) connection config for a test URL, read with the CLI's own parser. */
export function mssqlConfigFromUrl(url: string): sql.config {
  const parsed = parseMssqlUrl(url);
  return {
    server: parsed.host ?? 'localhost',
    port: parsed.port ?? undefined,
    database: parsed.database,
    user: parsed.user,
    password: parsed.password,
    connectionTimeout: parsed.connectTimeoutMs ?? 15_000,
    requestTimeout: parsed.requestTimeoutMs ?? 60_000,
    options: {
      encrypt: parsed.encrypt ?? false,
      trustServerCertificate: parsed.trustServerCertificate ?? true,
      instanceName: parsed.instanceName ?? undefined,
    },
  };
}

/**
 * testcontainers tries several runtime strategies (DOCKER_HOST, socket paths, Colima, ...);
 * bound it so a machine without Docker skips e2e quickly instead of hanging the run.
 */
async function isContainerRuntimeReachable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), RUNTIME_PROBE_TIMEOUT_MS);
  });
  const probed = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probed, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function startSqlServerContainer(): Promise<SqlServerHandle> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // SA password policy: 8+ characters from at least three of upper, lower, digit, symbol.
  const password = `Aa1!${randomBytes(12).toString('hex')}`;
  let container;
  try {
    container = await new GenericContainer(IMAGE)
      .withEnvironment({ ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: password, MSSQL_PID: 'Developer' })
      .withExposedPorts(1433)
      .withWaitStrategy(Wait.forLogMessage(/SQL Server is now ready for client connections/))
      .withStartupTimeout(CONTAINER_STARTUP_TIMEOUT_MS)
      .start();
  } catch (cause) {
    throw new Error(`Docker is reachable but the ${IMAGE} container did not start`, { cause });
  }
  const started = container;
  const url = formatMssqlUrl({
    user: 'sa',
    password,
    host: started.getHost(),
    port: started.getMappedPort(1433),
    database: 'master',
  });
  try {
    await waitForFirstQuery(url);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return { url, stop: async () => void (await started.stop()) };
}

/** "ready for client connections" is logged before master finishes recovery; retry logins. */
async function waitForFirstQuery(url: string): Promise<void> {
  const deadline = Date.now() + FIRST_QUERY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const pool = new sql.ConnectionPool(mssqlConfigFromUrl(url));
    try {
      await pool.connect();
      await pool.request().query('SELECT 1 AS ok');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await pool.close().catch(() => undefined);
    }
  }
  throw new Error(`SQL Server container never answered SELECT 1 within ${FIRST_QUERY_TIMEOUT_MS} ms`, {
    cause: lastError,
  });
}
