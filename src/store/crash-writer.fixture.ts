// Child process for the SIGKILL test: commits objects of EVENTS events each, forever, printing
// "committed <n>" after each commit. The parent kills it at an arbitrary moment.
import { openDuckDbStore } from './index.ts';
import { flowBatch } from './event-store.contract.ts';

const [dbPath, archivesFile] = process.argv.slice(2);
const EVENTS = 3000;
const store = await openDuckDbStore({ path: dbPath!, archivesFile });
const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };
for (let n = 0; ; n++) {
  const key = `obj-${String(n).padStart(6, '0')}`;
  const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
  for (let i = 0; i < EVENTS; i += 500) await tx.write(flowBatch(n * EVENTS + i, 500, key));
  await tx.commit();
  process.stdout.write(`committed ${n}\n`);
}
