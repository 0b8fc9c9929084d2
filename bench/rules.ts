/**
 * The rule engine alone: the shipped ruleset over a realistic mix of CloudTrail records and VPC
 * flow records (the benchmark mixes of bench/records.ts, turned into Wazuh messages by the events
 * stage), events evaluated one by one as the pipeline does. Prints events/s on one core.
 *
 *   node --import tsx bench/rules.ts [--events N] [--flows-share 0.8] [--rounds 3] [--alert-level 3] [--profile FILE]
 *
 * `--profile FILE` writes a V8 CPU profile of the timed rounds only (not of building the messages),
 * for bench/profile-summary.ts.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { cloudTrailMessage, createRawMessageBuilder } from '../src/events/index.ts';
import { createRng, V2_FIELDS } from '../src/demo/index.ts';
import { createEngineInput, eventTimeOf, loadRuleEngine, shippedRuleset } from '../src/rules/index.ts';
import { BENCH_ACCOUNT, cloudTrailMixRecord, flowMixLine } from './records.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '400000' }, 'flows-share': { type: 'string', default: '0.8' }, rounds: { type: 'string', default: '3' }, 'alert-level': { type: 'string', default: '3' }, profile: { type: 'string' } } });
const total = Number(values.events);
const flowShare = Number(values['flows-share']);
const rng = createRng(7, 'bench', 'rules');
const trailCtx = { bucket: 'bench-trail', key: `AWSLogs/${BENCH_ACCOUNT}/CloudTrail/us-east-1/2024/01/01/x.json.gz`, accountAlias: '', accountId: BENCH_ACCOUNT, region: 'us-east-1' };
const flowCtx = { bucket: 'bench-flows', key: `AWSLogs/${BENCH_ACCOUNT}/vpcflowlogs/us-east-1/2024/01/01/x.log.gz`, accountAlias: '', accountId: BENCH_ACCOUNT, region: 'us-east-1', flowLogId: 'fl-0123456789abcdef0' };

// Distinct messages (the pipeline hands the engine a new message per record); built before timing.
const t0 = Date.UTC(2024, 0, 1) / 1000;
const messages: unknown[] = [];
const flowMessage = createRawMessageBuilder('vpcflow', V2_FIELDS, flowCtx);
for (let i = 0; i < total; i++) {
  if (rng.chance(flowShare)) messages.push(flowMessage(flowMixLine(rng, t0 + Math.floor(i / 2000))));
  else messages.push(cloudTrailMessage(cloudTrailMixRecord(rng, 'us-east-1', (t0 + Math.floor(i / 2000)) * 1000) as unknown as Record<string, unknown>, trailCtx));
}

const engine = await loadRuleEngine(shippedRuleset(), { now: () => Date.UTC(2024, 0, 2), logAlertLevel: Number(values['alert-level']) });
const levels = new Map<string, number>();
const alerted = new Map<string, number>();
let alerts = 0;
const rows: string[] = [];
const profiler = values.profile === undefined ? undefined : new Session();
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
  await profiler.post('Profiler.start');
}
for (let round = 1; round <= Number(values.rounds); round++) {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  // Later rounds replay the events a day later each, so windows see new events, not replays.
  const shift = (round - 1) * 86_400_000;
  for (const m of messages) {
    const ev = engine.evaluate(round === 1 ? createEngineInput(m) : createEngineInput(m, eventTimeOf(m)! + shift));
    if (ev.alert !== null) alerts++;
    if (round === 1) {
      const id = ev.rule?.id ?? 'none';
      levels.set(id, (levels.get(id) ?? 0) + 1);
      if (ev.alert !== null) alerted.set(id, (alerted.get(id) ?? 0) + 1);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // CPU time as well as wall time: on a shared machine the wall clock counts other processes' turns.
  rows.push(`| ${round} | ${total} | ${seconds.toFixed(3)} | ${Math.round(total / seconds).toLocaleString('en-US')} | ${cpuSeconds.toFixed(3)} | ${Math.round(total / cpuSeconds).toLocaleString('en-US')} | ${(cpuSeconds * 1e6 / total).toFixed(2)} |`);
}
if (profiler !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(values.profile!, JSON.stringify(profile));
  profiler.disconnect();
}
const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
process.stdout.write([
  `rule engine: ${engine.ruleCount} rules, ${Math.round(flowShare * 100)}% VPC flows / ${Math.round((1 - flowShare) * 100)}% CloudTrail, one core`,
  '| round | events | wall s | events/s (wall) | CPU s | events per CPU second | CPU µs/event |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  `alerts: ${alerts} over all rounds; peak RSS ${rss} MB`,
  `final rules (round 1): ${[...levels].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([id, n]) => `${id}×${n}`).join(' ')}`,
  `alerts by rule (round 1): ${[...alerted].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}×${n}`).join(' ')}`,
  '',
].join('\n'));
