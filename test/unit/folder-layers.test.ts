/**
 * The folder layering README.md draws ("What may import what"), checked on the source: a file
 * imports only from its own folder or from a folder on a lower line. A new upward import (the
 * start of an import circle) fails here, naming the file and the import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

/** Top to bottom, as in README.md. */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['status'],
  ['verify', 'distributed'],
  ['stages'],
  ['workers', 'assess', 'ui'],
  ['load'],
  ['sqlserver', 'postgres', 'postdata'],
  ['ddl', 'run'],
  ['naming', 'typemap', 'copy', 'plan'],
  ['catalog', 'config', 'progress'],
  ['errors.ts'],
];

const levelOf = new Map<string, number>(LAYERS.flatMap((names, level) => names.map((n) => [n, level] as const)));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level entry of src a path is in: a folder name, or errors.ts. */
function topOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

/** Upward imports of the given files (path and text): "file: import (from → to)". */
function upwardImports(files: readonly { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const from = topOf(file);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = topOf(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      if (to === from) continue;
      const a = levelOf.get(from);
      const b = levelOf.get(to);
      if (a === undefined || b === undefined) found.push(`${path.relative(SRC, file)}: ${m[1]} (${from} or ${to} is not in the layering)`);
      else if (b <= a) found.push(`${path.relative(SRC, file)}: ${m[1]} (${from} → ${to})`);
    }
  }
  return found;
}

describe('folder layering', () => {
  const files = filesUnder(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('every top-level entry of src is placed on a line', () => {
    const tops = new Set(files.map((f) => topOf(f.file)));
    expect([...tops].filter((t) => !levelOf.has(t))).toEqual([]);
  });

  it('no file imports from its own line or above', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(upwardImports(files)).toEqual([]);
  });

  it('catches an upward import, a sideways one and a type-only one', () => {
    const planted = [
      { file: path.join(SRC, 'catalog', 'planted.ts'), text: "import { main } from '../cli/main.js';\n" },
      { file: path.join(SRC, 'verify', 'planted.ts'), text: "import { x } from '../distributed/x.js';\n" },
      { file: path.join(SRC, 'load', 'planted.ts'), text: "import type { T } from '../stages/t.js';\nimport { y } from './y.js';\n" },
    ];
    expect(upwardImports(planted)).toEqual([
      'catalog/planted.ts: ../cli/main.js (catalog → cli)',
      'verify/planted.ts: ../distributed/x.js (verify → distributed)',
      'load/planted.ts: ../stages/t.js (load → stages)',
    ]);
  });
});
