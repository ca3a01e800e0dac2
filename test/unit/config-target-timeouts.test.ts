// PostgreSQL's connect timeout and keepalive (issue: a server that accepts and never answers
// hung the run for good): defaults, and flags > environment > config file.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerFromFlags } from '../../src/cli/flags.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { usageErrorOf } from '../helpers/usage-error.js';

function cwdWithFile(target: Record<string, unknown>): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'mssql2pg-timeouts-'));
  mkdirSync(path.join(cwd, 'config'));
  writeFileSync(path.join(cwd, 'config', 'mssql2pg.json'), JSON.stringify({ target: { url: 'postgres://u@h/db', ...target } }));
  return cwd;
}

const flags = (f: Record<string, number | undefined>) => layerFromFlags({ 'fail-fast': false, verbose: false, json: false, ...f });
const resolve = (o: { cwd: string; flags?: ReturnType<typeof flags>; env?: Record<string, string> }) =>
  resolveConfig({ flags: o.flags ?? {}, env: o.env ?? {}, cwd: o.cwd, needSource: false, needTarget: true }).target;

describe('PostgreSQL timeouts', () => {
  it('default to a 30 s connect timeout and keepalive after 60 s idle', () => {
    expect(resolve({ cwd: cwdWithFile({}) })).toEqual({ url: 'postgres://u@h/db', connectTimeoutMs: 30_000, keepAliveMs: 60_000 });
    expect(DEFAULTS.target).toEqual({ connectTimeoutMs: 30_000, keepAliveMs: 60_000 });
  });

  it('flags > environment > config file, each field on its own', () => {
    const cwd = cwdWithFile({ connectTimeoutMs: 1_000, keepAliveMs: 2_000 });
    expect(resolve({ cwd })).toMatchObject({ connectTimeoutMs: 1_000, keepAliveMs: 2_000 });
    expect(resolve({ cwd, env: { PG_CONNECT_TIMEOUT_MS: '3000' } })).toMatchObject({ connectTimeoutMs: 3_000, keepAliveMs: 2_000 });
    expect(resolve({ cwd, env: { PG_CONNECT_TIMEOUT_MS: '3000', PG_KEEPALIVE_MS: '0' }, flags: flags({ 'pg-connect-timeout-ms': 5_000 }) })).toMatchObject({
      connectTimeoutMs: 5_000,
      keepAliveMs: 0,
    });
  });

  it('refuses what is not a whole number of milliseconds, naming the flag or variable', () => {
    expect(usageErrorOf(() => flags({ 'pg-connect-timeout-ms': -1 })).message).toContain('--pg-connect-timeout-ms');
    expect(usageErrorOf(() => flags({ 'pg-keepalive-ms': Number.NaN })).message).toContain('--pg-keepalive-ms must be a whole number of milliseconds, 0 or more (got a value that is not a number)');
    expect(usageErrorOf(() => resolve({ cwd: cwdWithFile({}), env: { PG_KEEPALIVE_MS: '1m' } })).message).toContain('PG_KEEPALIVE_MS');
    expect(usageErrorOf(() => resolve({ cwd: cwdWithFile({ connectTimeoutMs: 'soon' }) })).message).toContain('target.connectTimeoutMs');
  });
});
