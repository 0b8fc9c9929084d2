/**
 * Summarises a V8 CPU profile (from `npm run bench -- --profile`, or `node --cpu-prof`): the
 * functions with the most self time, and self time by package/area.
 * Usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a script belongs: a node_modules package, awsmon's src/ stage, or node itself. */
function area(url: string): string {
  if (url === '') return '(V8/native: GC, idle, program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/src\/([^/]+)\//.exec(url);
  if (src) return `awsmon src/${src[1]!}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^file:\/\/.*\/(bench\/)/, '$1');
}

/** Self time per function and per area, in milliseconds, largest first. */
export function summarise(profile: CpuProfile): { total: number; functions: [string, number][]; areas: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; the time spent in sample i is the next delta.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    total += ms;
    const file = frame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'}  ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const a = frame.functionName === '(idle)' ? '(idle)' : frame.functionName === '(garbage collector)' ? '(garbage collector)' : area(frame.url);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  return { total, functions: sorted(fn), areas: sorted(areas) };
}

const [file, top = '25'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [top]');
  process.exitCode = 2;
} else {
  const { total, functions, areas } = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const pct = (ms: number): string => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled (main thread)\n\nself time by area:`);
  for (const [name, ms] of areas.slice(0, 15)) console.log(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${name}`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [name, ms] of functions.slice(0, Number(top))) console.log(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${name}`);
}
