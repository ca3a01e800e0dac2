// Worker processes in network namespaces of their own (ip netns, a veth pair each, loopback-range
// addresses only): each reaches the target Postgres only through its own veth link, runs in its
// own empty working directory and HOME, and the run ends exact. Nothing may rely on sharing one
// host's network, files or progress directory with the coordinator. Needs root and CAP_NET_ADMIN:
// where `ip netns add` is refused (CI may refuse it), the test skips with one line saying so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startChild, startCoordinator, stopChild, until, type Child } from '../helpers/distributed-fleet.js';
import { createTargets, digestOf, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedDigest, indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tag = `m2p${process.pid % 10000}`;
const hub = `${tag}-hub`;
const WORKERS = 2;

function sh(args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
}

/** Whether this process may create network namespaces (root with CAP_NET_ADMIN, and the kernel allows it). */
function netnsAllowed(): string | null {
  const probe = spawnSync('ip', ['netns', 'add', `${tag}-probe`], { encoding: 'utf8' });
  if (probe.error !== undefined) return `ip is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `ip netns add is not allowed here: ${probe.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', `${tag}-probe`]);
  return null;
}

const refused = netnsAllowed();
if (refused !== null) process.stderr.write(`[distributed-netns] SKIPPED: ${refused} (needs root and CAP_NET_ADMIN)\n`);

/** In a namespace of ours, 127/8 is not all local: only 127.0.0.1, so 127.77.x.y can go over a veth. */
function loopbackOnly(ns: string): void {
  sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  sh(['ip', '-n', ns, 'route', 'del', 'local', '127.0.0.0/8', 'dev', 'lo', 'table', 'local']);
  sh(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.conf.all.route_localnet=1']);
}

describe.skipIf(refused !== null)('mssql2pg worker processes in separate network namespaces', () => {
  let db: TestDatabase;
  let dir: string;
  const children: Child[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'mssql2pg-netns-'));
    sh(['ip', 'netns', 'add', hub]);
    loopbackOnly(hub);
    for (let i = 1; i <= WORKERS; i++) {
      const ns = `${tag}-w${i}`;
      sh(['ip', 'netns', 'add', ns]);
      loopbackOnly(ns);
      sh(['ip', 'link', 'add', `${tag}h${i}`, 'netns', hub, 'type', 'veth', 'peer', 'name', `${tag}w${i}`, 'netns', ns]);
      sh(['ip', '-n', hub, 'addr', 'add', `127.77.${i}.1/24`, 'dev', `${tag}h${i}`]);
      sh(['ip', '-n', ns, 'addr', 'add', `127.77.${i}.2/24`, 'dev', `${tag}w${i}`]);
      sh(['ip', '-n', hub, 'link', 'set', `${tag}h${i}`, 'up']);
      sh(['ip', '-n', ns, 'link', 'set', `${tag}w${i}`, 'up']);
      sh(['ip', 'netns', 'exec', hub, 'sysctl', '-qw', `net.ipv4.conf.${tag}h${i}.route_localnet=1`]);
      sh(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', `net.ipv4.conf.${tag}w${i}.route_localnet=1`]);
    }
  }, 60_000);
  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    for (let i = 1; i <= WORKERS; i++) spawnSync('ip', ['netns', 'del', `${tag}-w${i}`]);
    spawnSync('ip', ['netns', 'del', hub]);
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('a run copied by workers that reach Postgres only over their own veth link ends exact', async () => {
    const pg = new URL(db.url);
    // The hub reaches the test server through one Unix socket file (the only way between the
    // host's namespace and ours without touching the host's routes); each worker reaches the hub.
    const socket = path.join(dir, 'pg.sock');
    const relays = [
      startRelay([process.execPath], socket, `${pg.hostname}:${pg.port}`),
      ...Array.from({ length: WORKERS }, (_, i) => startRelay(['ip', 'netns', 'exec', hub, process.execPath], `127.77.${i + 1}.1:5432`, socket)),
    ];
    children.push(...relays);
    await until(() => relays.every((r) => r.stderr().includes('relay ready')), 30_000, relays);

    const config = testConfig(db.url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 200_000 }, { schema: 'dbo', name: 'Small', rows: 100 }], slowEveryRows: 1000, slowMs: 2 };
    await createTargets(config, source.tables.map(indexedTable));
    const workers = Array.from({ length: WORKERS }, (_, i) => {
      const url = new URL(db.url);
      url.hostname = `127.77.${i + 1}.1`;
      url.port = '5432';
      const home = mkdtempSync(path.join(dir, `w${i + 1}-`));
      return startChild(
        path.join(repoRoot, 'test/helpers/worker-child.ts'),
        { targetUrl: url.toString(), sources: { Shop: source }, host: `netns-w${i + 1}` },
        { command: ['env', `HOME=${home}`, 'ip', 'netns', 'exec', `${tag}-w${i + 1}`, process.execPath] },
      );
    });
    children.push(...workers);
    await until(() => workers.every((w) => w.stderr().includes('ready')), 60_000, workers);
    const coordinator = startCoordinator({
      targetUrl: db.url, progressDir: config.progressDir, database: 'Shop', source, sourcePassword: 'netns-pw', chunkRows: 25_000,
    });
    children.push(coordinator);
    expect(await coordinator.exited, coordinator.stderr()).toBe(0);
    expect(await digestOf(db.url, 'public.big')).toEqual(indexedDigest(200_000));
    expect(await digestOf(db.url, 'public.small')).toEqual(indexedDigest(100));
    // Only the namespaced workers copied (the coordinator runs with --parallel 0).
    expect(await rowsOf(db.url, 'SELECT DISTINCT worker_host FROM mssql2pg.dist_units ORDER BY 1')).toEqual([['netns-w1'], ['netns-w2']]);
    expect(await Promise.all(workers.map(stopChild))).toEqual([0, 0]);
  }, 180_000);
});

function startRelay(command: string[], listen: string, forward: string): Child {
  return startChild(path.join(repoRoot, 'test/helpers/stream-relay.ts'), [listen, forward], { command });
}
