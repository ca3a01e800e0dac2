import type { IdentifierStyle, SourceConfig, TargetConfig } from './types.js';

/**
 * One source of configuration (flags, environment or file), every field optional. Layers are
 * merged by `mergeLayers` in precedence order; maps (schemaMap, type overrides) merge per key.
 */
export interface ConfigLayer {
  sourceUrl?: string;
  source?: Partial<SourceConfig>;
  targetUrl?: string;
  target?: Partial<Omit<TargetConfig, 'url'>>;
  include?: string[];
  exclude?: string[];
  schemaMap?: Record<string, string>;
  targetSchema?: string;
  identifierStyle?: IdentifierStyle;
  typeOverridesByType?: Record<string, string>;
  typeOverridesByColumn?: Record<string, string>;
  progressDir?: string;
}

/** Merges layers, highest precedence first: `mergeLayers(flags, env, file)`. */
export function mergeLayers(...layers: ConfigLayer[]): ConfigLayer {
  const out: ConfigLayer = {};
  // Walk lowest precedence first so that later (higher) layers overwrite.
  for (const layer of [...layers].reverse()) {
    for (const [key, value] of Object.entries(layer) as [keyof ConfigLayer, unknown][]) {
      if (value === undefined) continue;
      if (key === 'source' || key === 'target' || key === 'schemaMap' || key === 'typeOverridesByType' || key === 'typeOverridesByColumn') {
        (out as Record<string, unknown>)[key] = { ...((out[key] as object | undefined) ?? {}), ...definedOnly(value as object) };
      } else {
        (out as Record<string, unknown>)[key] = value;
      }
    }
  }
  return out;
}

function definedOnly(obj: object): object {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
