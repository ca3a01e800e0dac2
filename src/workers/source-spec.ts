/**
 * How a worker thread opens its own RowSource: a module to import and an exported factory to
 * call with serialisable arguments. The CLI points it at the SQL Server source; tests point it
 * at an in-memory source, so the worker path is the same code in both.
 */
import type { RowSource } from '../sqlserver/contract.js';

export interface SourceSpec {
  /** A file: URL (or bare specifier) of the module. */
  readonly module: string;
  readonly exportName: string;
  /** Structured-cloneable arguments for the factory. */
  readonly args: readonly unknown[];
}

export async function openSourceFromSpec(spec: SourceSpec): Promise<RowSource> {
  const mod = (await import(spec.module)) as Record<string, unknown>;
  const factory = mod[spec.exportName];
  if (typeof factory !== 'function') throw new Error(`${spec.module} has no function export ${spec.exportName}`);
  return (await (factory as (...args: unknown[]) => RowSource | Promise<RowSource>)(...spec.args)) as RowSource;
}

/**
 * A module next to the calling module, with the caller's own extension: `.js` in the compiled
 * dist/, `.ts` under tsx or vitest (where the worker is started with `--import tsx`).
 */
export function siblingModule(fromUrl: string, relativeWithoutExt: string): string {
  const ext = fromUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${relativeWithoutExt}${ext}`, fromUrl).href;
}
