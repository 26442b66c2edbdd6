/**
 * The tax ID checker (tin.ts and its pattern scanner) on demand: only a form that shows the tax ID
 * field for a residence with formats needs it, so it is a chunk beside the bundle, loaded once.
 */
import type { TinMatcher } from './schema.js';

let loaded: TinMatcher | undefined;
let loading: Promise<TinMatcher | undefined> | undefined;

/** The checker if it is here, else undefined. */
export const tinMatcher = (): TinMatcher | undefined => loaded;

/**
 * Loads the checker once; every caller shares the one load. Never rejects: a chunk that cannot
 * load (offline, a CSP that refuses it) resolves undefined, tax IDs stay refused, and a later call
 * tries again.
 */
export function loadTinMatcher(): Promise<TinMatcher | undefined> {
  loading ??= import('./tin.js').then(
    (module) => (loaded = module.matchesTin),
    (error: unknown) => {
      loading = undefined;
      console.warn('<kyc-signup>: the tax ID checker could not be loaded, so tax IDs are refused for now.', error);
      return undefined;
    },
  );
  return loading;
}
