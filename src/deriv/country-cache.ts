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

export function readCachedCountries(
  key: string,
  maxAge: number,
  now = Date.now(),
  storage: Storage | null = sessionStore(),
): Country[] | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const entry = JSON.parse(raw) as Partial<Entry> | null;
    if (entry?.version !== VERSION || typeof entry.savedAt !== 'number') return null;
    // A time in the future means the clock moved: as untrustworthy as an old entry.
    const age = now - entry.savedAt;
    if (!(age >= 0 && age < maxAge)) return null;
    // Re-validated: the storage is shared with every script on the origin.
    const countries = parseCountries(entry.countries);
    return countries && countries.length > 0 ? countries : null;
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
  const entry: Entry = { version: VERSION, savedAt: now, countries };
  try {
    storage?.setItem(key, JSON.stringify(entry));
  } catch {
    // Quota exceeded or storage disabled: the next mount simply loads from the network.
  }
}
