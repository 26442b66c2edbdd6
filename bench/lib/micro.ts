/** Per-operation cost of small synchronous or async steps, in µs: median of several timed batches. */
import { median } from './stats.js';

export async function usPerOp(op: () => unknown, { batches = 7, perBatch = 300 } = {}): Promise<number> {
  for (let i = 0; i < perBatch; i++) await op();
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) await op();
    times.push(((performance.now() - start) * 1000) / perBatch);
  }
  return median(times);
}
