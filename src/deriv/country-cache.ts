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
 * The entry read last and what it gave. A re-mount on the same page reads the same text: it gets
 * the same list, neither parsed nor checked again, and with it the options already built for it.
 */
let lastRead: { raw: string; savedAt: number; countries: Country[] | null } | undefined;

export function readCachedCountries(
  key: string,
  maxAge: number,
  now = Date.now(),
  storage: Storage | null = sessionStore(),
): Country[] | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    if (lastRead?.raw !== raw) lastRead = { raw, ...parseEntry(raw) };
    // A time in the future means the clock moved: as untrustworthy as an old entry.
    const age = now - lastRead.savedAt;
    return age >= 0 && age < maxAge ? lastRead.countries : null;
  } catch {
    return null;
  }
}

/** An entry's time and its list, re-validated (the storage is shared with every script on the origin). */
function parseEntry(raw: string): { savedAt: number; countries: Country[] | null } {
  const entry = JSON.parse(raw) as Partial<Entry> | null;
  if (entry?.version !== VERSION || typeof entry.savedAt !== 'number') return { savedAt: NaN, countries: null };
  const countries = parseCountries(entry.countries);
  return { savedAt: entry.savedAt, countries: countries?.length ? countries : null };
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
