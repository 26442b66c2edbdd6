/** The ping interval the Deriv connection uses for what a page asked for. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PING_INTERVAL, pingInterval } from '../../../src/deriv/ping-interval.js';

describe('pingInterval', () => {
  test('keeps a number of at least the minimum', () => {
    assert.equal(DEFAULT_PING_INTERVAL, 30_000);
    assert.equal(pingInterval(1_000), 1_000);
    assert.equal(pingInterval(45_000), 45_000);
    assert.equal(pingInterval(20, 10), 20);
  });

  test('anything else means 30 000: pings never turn off', () => {
    // What the element's Number attribute gives for ping-interval="0", "abc", "-1", "999", "" and a huge value.
    for (const requested of [0, Number('abc'), -1, 999, Number(''), Number.POSITIVE_INFINITY, '5000', null, undefined]) {
      assert.equal(pingInterval(requested), 30_000, String(requested));
    }
    assert.equal(pingInterval(9, 10), 30_000);
  });
});
