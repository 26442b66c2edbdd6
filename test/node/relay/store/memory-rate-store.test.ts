import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../../src/relay/index.js';

describe('MemoryStore', () => {
  it('counts per key within a window, then starts over', () => {
    let now = 1_000;
    const store = new MemoryStore({ now: () => now });
    assert.deepEqual(store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
    now += 4_000;
    assert.deepEqual(store.hit('a', 10_000), { count: 2, resetMs: 6_000 });
    assert.deepEqual(store.hit('b', 10_000), { count: 1, resetMs: 10_000 });
    now += 6_000;
    assert.deepEqual(store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
  });

  it('stays bounded: expired windows are swept, then the oldest dropped', () => {
    let now = 0;
    const store = new MemoryStore({ maxKeys: 3, now: () => now });
    store.hit('old', 100);
    store.hit('x', 10_000);
    store.hit('y', 10_000);
    now = 500;
    store.hit('z', 10_000);
    assert.equal(store.size, 3, 'the expired window made room');
    store.hit('w', 10_000);
    assert.equal(store.size, 3);
    assert.equal(store.hit('x', 10_000).count, 1, 'the oldest key was dropped');
    for (let i = 0; i < 1000; i++) store.hit(`k${i}`, 10_000);
    assert.equal(store.size, 3);
  });
});
