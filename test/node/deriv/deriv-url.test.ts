import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { derivSocketUrl } from '../../../src/deriv/deriv-url.js';

describe('derivSocketUrl', () => {
  // Relative URLs resolve against the page.
  const location = new URL('http://page.test:8080/signup');
  before(() => Object.defineProperty(globalThis, 'location', { configurable: true, value: location }));
  after(() => delete (globalThis as { location?: unknown }).location);

  it('adds app_id and an upper-case l, keeping the query it already has', () => {
    const url = new URL(derivSocketUrl('wss://ws.derivws.com/websockets/v3?brand=deriv&app_id=1', '1089', 'FR'));
    assert.equal(url.origin + url.pathname, 'wss://ws.derivws.com/websockets/v3');
    assert.equal(url.searchParams.get('brand'), 'deriv');
    assert.deepEqual(url.searchParams.getAll('app_id'), ['1089']);
    assert.equal(url.searchParams.get('l'), 'FR');
  });

  it('maps http(s) and relative URLs to ws(s) on this page', () => {
    assert.equal(derivSocketUrl('https://example.test/v3', '1', 'EN'), 'wss://example.test/v3?app_id=1&l=EN');
    assert.equal(derivSocketUrl('/deriv', '1', 'EN'), `ws://${location.host}/deriv?app_id=1&l=EN`);
    assert.throws(() => derivSocketUrl('wss://[bad', '1', 'EN'), TypeError);
  });
});

