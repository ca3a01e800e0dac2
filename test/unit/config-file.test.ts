import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerFromJson } from '../../src/config/file.js';
import { usageErrorOf } from '../helpers/usage-error.js';

const EXAMPLE_PATH = new URL('../../config/example.json', import.meta.url);
const example = JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as Record<string, unknown>;


/**
 * The keys layerFromJson accepts in one section, read from its own "unknown key" error so the
 * list cannot drift from the parser.
 */
function knownKeys(section: string | null): string[] {
  const probe = { zzUnknownKey: 1 };
  const json = section === null ? probe : { [section]: probe };
  const message = usageErrorOf(() => layerFromJson(json, 'probe.json')).message;
  const match = /Known keys: (.*)\.$/.exec(message);
  expect(match, message).not.toBeNull();
  return match![1]!.split(', ');
}

describe('layerFromJson', () => {
  it('reads every section into a layer', () => {
    const layer = layerFromJson(
      {
        source: { url: 'mssql://u:p@h/db', host: 'h2', port: 1444, instanceName: 'I', database: 'd', user: 'u2', password: 'pw', encrypt: false, trustServerCertificate: true, connectTimeoutMs: 5, requestTimeoutMs: 6 },
        target: { url: 'postgres://x@y/z' },
        tables: { include: ['a.*'], exclude: ['a.b'] },
        naming: { schemaMap: { dbo: 'app' }, targetSchema: 't', identifierStyle: 'snake' },
        typeOverrides: { types: { money: 'numeric(19,2)' }, columns: { 'dbo.O.T': 'text' } },
        progressDir: 'p',
      },
      'c.json',
    );
    expect(layer).toEqual({
      sourceUrl: 'mssql://u:p@h/db',
      source: { host: 'h2', port: 1444, instanceName: 'I', database: 'd', user: 'u2', password: 'pw', encrypt: false, trustServerCertificate: true, connectTimeoutMs: 5, requestTimeoutMs: 6 },
      targetUrl: 'postgres://x@y/z',
      include: ['a.*'],
      exclude: ['a.b'],
      schemaMap: { dbo: 'app' },
      targetSchema: 't',
      identifierStyle: 'snake',
      typeOverridesByType: { money: 'numeric(19,2)' },
      typeOverridesByColumn: { 'dbo.O.T': 'text' },
      progressDir: 'p',
    });
  });

  it('allows $-keys as comments at every level, including inside maps', () => {
    const layer = layerFromJson(
      { $comment: 'top', source: { $comment: 'src', host: 'h' }, naming: { schemaMap: { $comment: 'map', dbo: 'public' } } },
      'c.json',
    );
    expect(layer.source?.host).toBe('h');
    expect(layer.schemaMap).toEqual({ dbo: 'public' });
  });

  it('treats null as unset', () => {
    const layer = layerFromJson({ source: { instanceName: null, port: null }, naming: { targetSchema: null } }, 'c.json');
    expect(layer.source?.instanceName).toBeUndefined();
    expect(layer.source?.port).toBeUndefined();
    expect(layer.targetSchema).toBeUndefined();
  });

  it.each([
    [null, 'progressDirr'],
    ['source', 'hostname'],
    ['target', 'uri'],
    ['tables', 'includes'],
    ['naming', 'style'],
    ['typeOverrides', 'type'],
  ])('refuses an unknown key in %s, naming it and listing the known keys', (section, key) => {
    const json = section === null ? { [key]: 1 } : { [section]: { [key]: 1 } };
    const err = usageErrorOf(() => layerFromJson(json, 'my.json'));
    expect(err.message).toContain('my.json');
    expect(err.message).toContain(`unknown key "${key}"`);
    expect(err.message).toMatch(/Known keys: \w+/);
  });

  it.each([
    [{ source: 'mssql://x' }, 'source must be an object'],
    [{ source: { port: '1433' } }, 'source.port must be a non-negative integer'],
    [{ source: { port: -1 } }, 'source.port must be a non-negative integer'],
    [{ source: { encrypt: 'yes' } }, 'source.encrypt must be true or false'],
    [{ source: { host: 5 } }, 'source.host must be a string'],
    [{ tables: { include: 'dbo.*' } }, 'tables.include must be an array of strings'],
    [{ naming: { identifierStyle: 'camel' } }, 'naming.identifierStyle must be lower, snake or preserve'],
    [{ naming: { schemaMap: { dbo: 1 } } }, 'naming.schemaMap.dbo must be a string'],
    [{ typeOverrides: { types: ['money'] } }, 'typeOverrides.types must be an object'],
    [[], '(top level) must be an object'],
  ])('refuses %j', (json, expected) => {
    const err = usageErrorOf(() => layerFromJson(json, 'f.json'));
    expect(err.message).toContain(`f.json: ${expected}`);
  });
});

describe('config/example.json', () => {
  it('parses without error', () => {
    expect(() => layerFromJson(example, 'config/example.json')).not.toThrow();
    const layer = layerFromJson(example, 'config/example.json');
    expect(layer.sourceUrl).toMatch(/^mssql:\/\//);
    expect(layer.targetUrl).toMatch(/^postgres:\/\//);
  });

  it('documents every key the parser knows, each section with a $comment', () => {
    expect(Object.keys(example)).toEqual(expect.arrayContaining([...knownKeys(null), '$comment']));
    for (const section of ['source', 'target', 'tables', 'naming', 'typeOverrides']) {
      const body = example[section] as Record<string, unknown>;
      expect(Object.keys(body), section).toEqual(expect.arrayContaining([...knownKeys(section), '$comment']));
    }
  });

  it('holds only a placeholder password and recommends MSSQL_PASSWORD', () => {
    const source = example.source as Record<string, unknown>;
    expect(source.password).toBe('change-me');
    expect(JSON.stringify(source)).toContain('MSSQL_PASSWORD');
  });
});
