import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { derivLanguage, derivSocketUrl } from '../../../src/deriv/deriv-url.js';

describe('derivSocketUrl', () => {
  // Relative URLs resolve against the page.
  const location = new URL('http://page.test:8080/signup');
  before(() => Object.defineProperty(globalThis, 'location', { configurable: true, value: location }));
  after(() => delete (globalThis as { location?: unknown }).location);

  it('adds app_id and an upper-case l, keeping the query it already has', () => {
    const url = new URL(derivSocketUrl('wss://ws.derivws.com/websockets/v3?brand=deriv&app_id=1', '1089', 'fr'));
    assert.equal(url.origin + url.pathname, 'wss://ws.derivws.com/websockets/v3');
    assert.equal(url.searchParams.get('brand'), 'deriv');
    assert.deepEqual(url.searchParams.getAll('app_id'), ['1089']);
    assert.equal(url.searchParams.get('l'), 'FR');
  });

  it('maps http(s) and relative URLs to ws(s) on this page', () => {
    assert.equal(derivSocketUrl('https://example.test/v3', '1', 'en'), 'wss://example.test/v3?app_id=1&l=EN');
    assert.equal(derivSocketUrl('/deriv', '1', 'en'), `ws://${location.host}/deriv?app_id=1&l=EN`);
    assert.throws(() => derivSocketUrl('wss://[bad', '1', 'en'), TypeError);
  });

  it("turns page languages into Deriv's codes", () => {
    const cases = { en: 'EN', 'zh-cn': 'ZH_CN', zh_TW: 'ZH_TW', zh: 'ZH_CN', 'zh-Hant': 'ZH_TW', 'pt-BR': 'PT', AR: 'AR', ' ': 'EN' };
    for (const [lang, code] of Object.entries(cases)) assert.equal(derivLanguage(lang), code, lang);
  });
});

