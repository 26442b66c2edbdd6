import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientKey, forwardedFor } from '../../../../src/relay/core/client-ip.js';

describe('client addresses', () => {
  it('takes the X-Forwarded-For entry added by the trusted proxies', () => {
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 1), '3.3.3.3');
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 2), '2.2.2.2');
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 3), '1.1.1.1');
    assert.equal(forwardedFor('1.1.1.1', 0), undefined);
    assert.equal(forwardedFor(null, 1), undefined);
    assert.equal(forwardedFor(' , ', 1), undefined);
  });

  it('believes no entry when there are fewer entries than trusted proxies', () => {
    assert.equal(forwardedFor('6.6.6.6', 2), undefined);
    assert.equal(forwardedFor('6.6.6.6, 3.3.3.3', 3), undefined);
  });

  it('keys an address without its port', () => {
    assert.equal(clientKey('203.0.113.9:51234'), '203.0.113.9');
    assert.equal(clientKey('[2001:db8:1:2::9]:443'), '2001:db8:1:2::/64');
    assert.equal(clientKey('[::ffff:203.0.113.9]:80'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2::9'), '2001:db8:1:2::/64', 'a bare IPv6 stays IPv6');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
  });

  it('keys IPv4 as is, unwraps mapped IPv4 and groups IPv6 by /64', () => {
    assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0DB8:0001:0002::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('[2001:db8::1]'), '2001:db8:0:0::/64');
    assert.equal(clientKey('2001:db8::'), clientKey('2001:db8:0:0:ffff::2'));
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  });
});
