// Child process for the SIGKILL tests. Mode 'loop' (default): commits objects of EVENTS events
// each, in chunks of CHUNK rows, forever, printing "committed <n>" after each commit; the parent
// kills it at an arbitrary moment. Mode 'two-chunks': writes 2.5 chunks of one object, prints
// "chunks 2" once two chunks are committed, and waits to be killed.
import { openDuckDbStore } from './index.ts';
import { flowBatch } from './event-store.contract.ts';

const [dbPath, archivesFile, mode = 'loop'] = process.argv.slice(2);
const EVENTS = 3000;
const CHUNK = 1000;
let groups = 0;
const store = await openDuckDbStore({ path: dbPath!, archivesFile, chunkRows: CHUNK, onGroupCommit: () => { groups++; } });
const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };
if (mode === 'two-chunks') {
  const tx = await store.beginObject(scope, { key: 'big', createdDate: '2024-06-01' });
  for (let i = 0; i < CHUNK * 2.5; i += 500) await tx.write(flowBatch(i, 500, 'big'));
  while (groups < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  process.stdout.write('chunks 2\n');
  await new Promise(() => setInterval(() => undefined, 1000));
}
for (let n = 0; ; n++) {
  const key = `obj-${String(n).padStart(6, '0')}`;
  const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
  for (let i = 0; i < EVENTS; i += 500) await tx.write(flowBatch(n * EVENTS + i, 500, key));
  await tx.commit();
  process.stdout.write(`committed ${n}\n`);
}
