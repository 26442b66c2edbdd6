import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../src/deriv/backoff.js';

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
      assert.ok(Math.min(...samples) >= 0, `n=${n} min`);
      assert.ok(Math.max(...samples) < ceiling, `n=${n} max`);
      // Uniform over the window: the extremes are reached and the mean sits in the middle.
      assert.ok(Math.max(...samples) > ceiling * 0.95, `n=${n} spread`);
      assert.ok(mean / ceiling >= 0.45 && mean / ceiling <= 0.55, `n=${n} mean`);
    }
  });

  it('is exact at the ends of the random range and never overflows', () => {
    assert.equal(backoffDelay(0, 1000, 30000, () => 0), 0);
    assert.equal(backoffDelay(2, 1000, 30000, () => 0.5), 2000);
    assert.equal(backoffDelay(2000, 1000, 30000, () => 0.999999), 29999);
    assert.equal(backoffDelay(-3, 1000, 30000, () => 0.5), 500);
  });
});

