/**
 * Installs, once per thread, the stand-in for `@azure/identity` that tedious receives when it
 * requires it (driver-modules.ts says why). Only requires made from tedious's own files are
 * answered so; the stand-in loads the real module, through Node's loader and with tedious as
 * the parent, on the first property read or `in` test.
 */
import Module from 'node:module';
import path from 'node:path';

type Load = (this: unknown, request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;

const DEFERRED = '@azure/identity';
const TEDIOUS_DIR = `${path.sep}node_modules${path.sep}tedious${path.sep}`;
const loader = Module as unknown as { _load: Load; __mssql2pgDeferred?: { loaded: () => number } };

/** How many times a stand-in loaded the real module in this thread (for the test). */
export function realAzureIdentityLoads(): number {
  return loader.__mssql2pgDeferred?.loaded() ?? 0;
}

if (loader.__mssql2pgDeferred === undefined) {
  const original = loader._load;
  let loads = 0;
  loader._load = function deferAzureIdentity(request, parent, isMain) {
    if (request !== DEFERRED || parent?.filename?.includes(TEDIOUS_DIR) !== true) return original.call(this, request, parent, isMain);
    let real: object | undefined;
    const load = (): object => {
      if (real === undefined) {
        real = original.call(this, request, parent, isMain) as object;
        loads += 1;
      }
      return real;
    };
    return new Proxy({}, { get: (_target, key) => Reflect.get(load(), key), has: (_target, key) => Reflect.has(load(), key) });
  };
  loader.__mssql2pgDeferred = { loaded: () => loads };
}
