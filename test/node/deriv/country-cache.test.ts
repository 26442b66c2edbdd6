import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { countriesCacheKey, readCachedCountries, writeCachedCountries } from '../../../src/deriv/country-cache.js';
import type { Country } from '../../../src/deriv/residence-list.js';

/** The page's sessionStorage, in memory: the cache reads `globalThis.sessionStorage` by default. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}
const sessionStorage = new MemoryStorage();
Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, value: sessionStorage });

describe('country cache', () => {
  const key = countriesCacheKey('wss://deriv.test/v3?app_id=1&l=EN');
  const countries: Country[] = [
    { text: 'France', value: 'fr', phone_idd: '33' },
    { text: 'Aland Islands', value: 'ax', phone_idd: '35818' },
  ];
  const hour = 3_600_000;
  afterEach(() => sessionStorage.clear());

  it('returns what was written, within its time limit only', () => {
    writeCachedCountries(key, countries, 1_000);
    assert.deepEqual(readCachedCountries(key, hour, 1_000 + hour - 1), countries);
    assert.equal(readCachedCountries(key, hour, 1_000 + hour), null);
    // A time in the future (clock moved back) is as untrustworthy as an old one.
    assert.equal(readCachedCountries(key, hour, 999), null);
    assert.equal(readCachedCountries(countriesCacheKey('wss://deriv.test/v3?app_id=1&l=FR'), hour, 1_000), null);
  });

  it('stores the list and nothing else', () => {
    writeCachedCountries(key, countries, 5);
    assert.equal(sessionStorage.length, 1);
    assert.deepEqual(JSON.parse(sessionStorage.getItem(key)!), { version: 1, savedAt: 5, countries });
  });

  it('ignores corrupt, foreign-version and empty entries, and skips malformed countries', () => {
    const now = 10;
    for (const raw of ['{not json', 'null', '42', '{"version":2,"savedAt":10,"countries":[]}',
      '{"version":1,"savedAt":10,"countries":[]}', '{"version":1,"savedAt":10,"countries":{}}',
      '{"version":1,"savedAt":"10","countries":[{"text":"France","value":"fr"}]}']) {
      sessionStorage.setItem(key, raw);
      assert.equal(readCachedCountries(key, hour, now), null, raw);
    }
    sessionStorage.setItem(key, JSON.stringify({ version: 1, savedAt: now, countries: [countries[0], { value: 'xx' }, 7] }));
    assert.deepEqual(readCachedCountries(key, hour, now), [countries[0]]);
  });

  it('gives a re-read of the text written or read last the same list, and reads a changed entry anew', () => {
    const written = countries.map((country) => ({ ...country }));
    writeCachedCountries(key, written, 1_000);
    // The same list: a re-mount shows it without parsing, checking or sorting it again.
    const first = readCachedCountries(key, hour, 1_000);
    assert.equal(first, written);
    assert.equal(readCachedCountries(key, hour, 1_000 + hour - 1), first);
    // Its time limit still applies to the remembered entry.
    assert.equal(readCachedCountries(key, hour, 1_000 + hour), null);
    // Changed by a script of the page: read and checked again, malformed countries skipped.
    sessionStorage.setItem(key, JSON.stringify({ version: 1, savedAt: 1_000, countries: [{ value: 'xx' }, countries[1]] }));
    const changed = readCachedCountries(key, hour, 1_000);
    assert.notEqual(changed, first);
    assert.deepEqual(changed, [countries[1]]);
    assert.equal(readCachedCountries(key, hour, 1_000), changed);
  });

  it('tolerates storage that throws (quota, disabled storage)', () => {
    const failing = {
      getItem() { throw new DOMException('denied', 'SecurityError'); },
      setItem() { throw new DOMException('full', 'QuotaExceededError'); },
    } as unknown as Storage;
    assert.doesNotThrow(() => writeCachedCountries(key, countries, 1, failing));
    assert.equal(readCachedCountries(key, hour, 1, failing), null);
    assert.equal(readCachedCountries(key, hour, 1, null), null);
  });
});
