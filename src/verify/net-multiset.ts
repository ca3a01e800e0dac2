/**
 * An exact multiset difference in bounded memory: each row's canonical text counts +1 from the
 * source and -1 from the target; a text whose count returns to zero is forgotten. Both sides are
 * read interleaved, and a target loaded by stage 2 holds its rows in about the source's order,
 * so an exact copy keeps the map small. When it grows past its budget anyway, the map is written
 * out to partition files by a hash of the text and cleared; at the end each partition is summed
 * on its own (split again by another hash while it is too large), so every count is still exact
 * and no more than a partition is in memory at once. Texts are compared in full, never by hash.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

export type Display = readonly (string | null)[];

export interface Leftover {
  /** Source count minus target count: > 0 only in the source (missing), < 0 only in the target (extra). */
  readonly n: number;
  readonly display: Display;
}

const PARTITIONS = 16;
/** Re-partitioning deeper than this only happens for very many identical rows, whose count stays one entry anyway. */
const MAX_DEPTH = 4;

/** A rough size of an entry in the heap: UTF-16 texts plus the Map's and objects' overhead. */
function entryBytes(key: string, display: Display): number {
  let n = key.length * 2 + 120;
  for (const d of display) n += d === null ? 8 : d.length * 2 + 16;
  return n;
}

/** FNV-1a over the UTF-16 code units, seeded per level so each split uses another hash. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class NetMultiset {
  private map = new Map<string, { n: number; display: Display }>();
  private bytes = 0;
  private spilled = false;
  private files = 0;

  /** `dir` is this multiset's own directory for partition files (created on the first spill, removed by dispose). */
  constructor(
    private readonly budgetBytes: number,
    private readonly dir: string,
  ) {}

  add(key: string, delta: 1 | -1, display: () => Display): void {
    const entry = this.map.get(key);
    if (entry === undefined) {
      const d = display();
      this.map.set(key, { n: delta, display: d });
      this.bytes += entryBytes(key, d);
      return;
    }
    entry.n += delta;
    if (entry.n === 0) {
      this.map.delete(key);
      this.bytes -= entryBytes(key, entry.display);
    }
  }

  get overBudget(): boolean {
    return this.bytes > this.budgetBytes;
  }

  get hasSpilled(): boolean {
    return this.spilled;
  }

  /** Writes the map to the partition files and clears it. */
  async spill(): Promise<void> {
    if (this.map.size === 0) return;
    await this.write(this.map.entries(), 0, (i) => this.partition(0, 0, i));
    this.map.clear();
    this.bytes = 0;
    this.spilled = true;
  }

  /** Every text whose counts do not cancel out. */
  async *leftovers(): AsyncGenerator<Leftover> {
    if (!this.spilled) {
      for (const e of this.map.values()) if (e.n !== 0) yield e;
      return;
    }
    await this.spill();
    for (let i = 0; i < PARTITIONS; i++) yield* this.sum(this.partition(0, 0, i), 0);
  }

  async dispose(): Promise<void> {
    this.map.clear();
    if (this.spilled) await rm(this.dir, { recursive: true, force: true });
  }

  private partition(depth: number, parent: number, i: number): string {
    return path.join(this.dir, `d${depth}-${parent}-${i}.jsonl`);
  }

  private async write(entries: Iterable<[string, { n: number; display: Display }]>, depth: number, file: (i: number) => string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const lines: string[][] = Array.from({ length: PARTITIONS }, () => []);
    for (const [key, e] of entries) lines[hash(key, depth) % PARTITIONS]!.push(JSON.stringify([e.n, key, e.display]));
    for (let i = 0; i < PARTITIONS; i++) if (lines[i]!.length > 0) await appendFile(file(i), `${lines[i]!.join('\n')}\n`);
  }

  /** Sums one partition file; one too large for the budget is split again first. */
  private async *sum(file: string, depth: number): AsyncGenerator<Leftover> {
    const size = await stat(file).then((s) => s.size, () => -1);
    if (size < 0) return;
    if (size > this.budgetBytes / 2 && depth < MAX_DEPTH) {
      const id = ++this.files;
      const child = (i: number): string => this.partition(depth + 1, id, i);
      let batch: [string, { n: number; display: Display }][] = [];
      for await (const [n, key, display] of readEntries(file)) {
        batch.push([key, { n, display }]);
        if (batch.length >= 10_000) {
          await this.write(batch, depth + 1, child);
          batch = [];
        }
      }
      await this.write(batch, depth + 1, child);
      await rm(file, { force: true });
      for (let i = 0; i < PARTITIONS; i++) yield* this.sum(child(i), depth + 1);
      return;
    }
    const totals = new Map<string, { n: number; display: Display }>();
    for await (const [n, key, display] of readEntries(file)) {
      const e = totals.get(key);
      if (e === undefined) totals.set(key, { n, display });
      else e.n += n;
    }
    await rm(file, { force: true });
    for (const e of totals.values()) if (e.n !== 0) yield e;
  }
}

async function* readEntries(file: string): AsyncGenerator<[number, string, Display]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as [number, string, Display];
}
