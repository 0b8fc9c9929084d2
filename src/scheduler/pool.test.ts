import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TaskPool } from './pool.ts';

async function peak(pool: TaskPool, weights: number[]): Promise<{ count: number; weight: number; order: number[] }> {
  let count = 0;
  let weight = 0;
  const max = { count: 0, weight: 0 };
  const order: number[] = [];
  for (const [i, w] of weights.entries()) {
    await pool.add(async () => {
      count++;
      weight += w;
      max.count = Math.max(max.count, count);
      max.weight = Math.max(max.weight, weight);
      order.push(i);
      await sleep(5);
      count--;
      weight -= w;
    }, w);
  }
  await pool.drain();
  return { ...max, order };
}

test('at most `limit` tasks run at once', async () => {
  assert.equal((await peak(new TaskPool(3), [0, 0, 0, 0, 0, 0, 0])).count, 3);
});

test('the weight in flight stays within the budget; a task over the budget runs alone', async () => {
  const small = await peak(new TaskPool(32, 10), [4, 4, 4, 4, 4, 4]);
  assert.equal(small.weight, 8);
  assert.equal(small.count, 2);
  const big = await peak(new TaskPool(32, 10), [1, 50, 1]);
  assert.equal(big.weight, 50);
  assert.deepEqual(big.order, [0, 1, 2]);
});
