/** Pure pieces of the Deriv connection: backoff, socket URL, and the sessionStorage cache. */
import { expect } from '@open-wc/testing';
import { backoffDelay } from '../../src/deriv/backoff.js';
import { countriesCacheKey, readCachedCountries, writeCachedCountries } from '../../src/deriv/country-cache.js';
import { derivLanguage, derivSocketUrl } from '../../src/deriv/deriv-url.js';
import type { Country } from '../../src/deriv/residence-list.js';

/** A small deterministic PRNG, so the jitter test is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('backoffDelay', () => {
  it('draws from [0, min(max, base * 2^n)) with full jitter', () => {
    const random = mulberry32(42);
    for (const [n, ceiling] of [[0, 1000], [1, 2000], [3, 8000], [4, 16000], [5, 30000], [9, 30000]] as const) {
      const samples = Array.from({ length: 2000 }, () => backoffDelay(n, 1000, 30000, random));
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      expect(Math.min(...samples), `n=${n} min`).to.be.at.least(0);
      expect(Math.max(...samples), `n=${n} max`).to.be.below(ceiling);
      // Uniform over the window: the extremes are reached and the mean sits in the middle.
      expect(Math.max(...samples), `n=${n} spread`).to.be.above(ceiling * 0.95);
      expect(mean / ceiling, `n=${n} mean`).to.be.within(0.45, 0.55);
    }
  });

  it('is exact at the ends of the random range and never overflows', () => {
    expect(backoffDelay(0, 1000, 30000, () => 0)).to.equal(0);
    expect(backoffDelay(2, 1000, 30000, () => 0.5)).to.equal(2000);
    expect(backoffDelay(2000, 1000, 30000, () => 0.999999)).to.equal(29999);
    expect(backoffDelay(-3, 1000, 30000, () => 0.5)).to.equal(500);
  });
});

describe('derivSocketUrl', () => {
  it('adds app_id and an upper-case l, keeping the query it already has', () => {
    const url = new URL(derivSocketUrl('wss://ws.derivws.com/websockets/v3?brand=deriv&app_id=1', '1089', 'fr'));
    expect(url.origin + url.pathname).to.equal('wss://ws.derivws.com/websockets/v3');
    expect(url.searchParams.get('brand')).to.equal('deriv');
    expect(url.searchParams.getAll('app_id')).to.deep.equal(['1089']);
    expect(url.searchParams.get('l')).to.equal('FR');
  });

  it('maps http(s) and relative URLs to ws(s) on this page', () => {
    expect(derivSocketUrl('https://example.test/v3', '1', 'en')).to.equal('wss://example.test/v3?app_id=1&l=EN');
    expect(derivSocketUrl('/deriv', '1', 'en')).to.equal(`ws://${location.host}/deriv?app_id=1&l=EN`);
    expect(() => derivSocketUrl('wss://[bad', '1', 'en')).to.throw(TypeError);
  });

  it("turns page languages into Deriv's codes", () => {
    const cases = { en: 'EN', 'zh-cn': 'ZH_CN', zh_TW: 'ZH_TW', zh: 'ZH_CN', 'zh-Hant': 'ZH_TW', 'pt-BR': 'PT', AR: 'AR', ' ': 'EN' };
    for (const [lang, code] of Object.entries(cases)) expect(derivLanguage(lang), lang).to.equal(code);
  });
});

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
    expect(readCachedCountries(key, hour, 1_000 + hour - 1)).to.deep.equal(countries);
    expect(readCachedCountries(key, hour, 1_000 + hour)).to.equal(null);
    // A time in the future (clock moved back) is as untrustworthy as an old one.
    expect(readCachedCountries(key, hour, 999)).to.equal(null);
    expect(readCachedCountries(countriesCacheKey('wss://deriv.test/v3?app_id=1&l=FR'), hour, 1_000)).to.equal(null);
  });

  it('stores the list and nothing else', () => {
    writeCachedCountries(key, countries, 5);
    expect(sessionStorage.length).to.equal(1);
    expect(JSON.parse(sessionStorage.getItem(key)!)).to.deep.equal({ version: 1, savedAt: 5, countries });
  });

  it('ignores corrupt, foreign-version and empty entries, and skips malformed countries', () => {
    const now = 10;
    for (const raw of ['{not json', 'null', '42', '{"version":2,"savedAt":10,"countries":[]}',
      '{"version":1,"savedAt":10,"countries":[]}', '{"version":1,"savedAt":10,"countries":{}}',
      '{"version":1,"savedAt":"10","countries":[{"text":"France","value":"fr"}]}']) {
      sessionStorage.setItem(key, raw);
      expect(readCachedCountries(key, hour, now), raw).to.equal(null);
    }
    sessionStorage.setItem(key, JSON.stringify({ version: 1, savedAt: now, countries: [countries[0], { value: 'xx' }, 7] }));
    expect(readCachedCountries(key, hour, now)).to.deep.equal([countries[0]]);
  });

  it('tolerates storage that throws (quota, disabled storage)', () => {
    const failing = {
      getItem() { throw new DOMException('denied', 'SecurityError'); },
      setItem() { throw new DOMException('full', 'QuotaExceededError'); },
    } as unknown as Storage;
    expect(() => writeCachedCountries(key, countries, 1, failing)).not.to.throw();
    expect(readCachedCountries(key, hour, 1, failing)).to.equal(null);
    expect(readCachedCountries(key, hour, 1, null)).to.equal(null);
  });
});
