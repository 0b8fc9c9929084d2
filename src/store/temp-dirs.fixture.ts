/** Test helper: temporary folders for the tests of one file, removed after them. */
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns a maker of fresh folders named `<prefix>XXXXXX` in the system's temp folder; all are removed after the file's tests. */
export function tempDirs(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  test.after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
