/**
 * The country list in sessionStorage, so a second mount renders at once.
 * Only the list is stored (never anything the user typed). Entries carry a version and a
 * time; stale, foreign or corrupt entries are ignored, and storage errors (quota, disabled
 * storage, privacy modes) are swallowed: the cache is an optimisation, never a requirement.
 */
import { parseCountries, type Country } from './residence-list.js';

const VERSION = 1;
const PREFIX = 'kyc-signup:countries:';

interface Entry {
  version: number;
  savedAt: number;
  countries: Country[];
}

/** The session storage, or null where reading it throws (sandboxed frames, disabled storage). */
function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** One entry per socket URL: that URL already names the endpoint, the app_id and the language. */
export const countriesCacheKey = (socketUrl: string): string => PREFIX + socketUrl;

/**
 * The list written or read last and the text stored for it, kept only while the list lives (an
 * element shows it): a re-mount that reads the same text gets the same list, neither parsed nor
 * checked again, and with it its sorted copy and the options already built for it.
 */
let lastList: WeakRef<Country[]> | undefined;
const sources = new WeakMap<Country[], { raw: string; savedAt: number }>();

function remember(countries: Country[], raw: string, savedAt: number): { raw: string; savedAt: number } {
  const source = { raw, savedAt };
  sources.set(countries, source);
  lastList = new WeakRef(countries);
  return source;
}

export function readCachedCountries(
  key: string,
  maxAge: number,
  now = Date.now(),
  storage: Storage | null = sessionStore(),
): Country[] | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    let countries = lastList?.deref();
    let source = countries && sources.get(countries);
    if (source?.raw !== raw) {
      const entry = JSON.parse(raw) as Partial<Entry> | null;
      if (entry?.version !== VERSION || typeof entry.savedAt !== 'number') return null;
      // Re-validated: the storage is shared with every script on the origin.
      countries = parseCountries(entry.countries) ?? [];
      if (!countries.length) return null;
      source = remember(countries, raw, entry.savedAt);
    }
    // A time in the future means the clock moved: as untrustworthy as an old entry.
    const age = now - source.savedAt;
    return age >= 0 && age < maxAge ? countries! : null;
  } catch {
    return null;
  }
}

export function writeCachedCountries(
  key: string,
  countries: Country[],
  now = Date.now(),
  storage: Storage | null = sessionStore(),
): void {
  const raw = JSON.stringify({ version: VERSION, savedAt: now, countries } satisfies Entry);
  remember(countries, raw, now);
  try {
    storage?.setItem(key, raw);
  } catch {
    // Quota exceeded or storage disabled: the next mount simply loads from the network.
  }
}
