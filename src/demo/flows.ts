/**
 * Baseline VPC traffic with a diurnal shape, and the flow-log files of one capture window:
 * web clients on 443, the database on 5432, egress through NAT gateways, rejected probes from
 * the internet, idle interfaces reporting NODATA.
 */
import { flowScenarioEntries } from './flow-scenarios.ts';
import { vpcFlowKey } from './layout.ts';
import { DEV_NET, flowLineWriter, PROD_FLOW_LOG, PROD_NET, tcpPair, type Eni, type FlowEntry, type FlowLogDef } from './network.ts';
import { diurnal } from './noise.ts';
import { createRng, type Rng } from './prng.ts';

/**
 * Background internet clients: public /24s of several countries (by the GeoIP database the
 * dashboard's map uses), so the map has something to show; scenario actors keep documentation
 * addresses, which are never located.
 */
const EXTERNAL_PREFIXES = ['81.2.69', '89.160.20', '175.16.199', '177.54.144', '41.79.4', '67.43.156', '2.125.160', '185.220.101'];
/** Package mirrors and APIs the servers call out to. */
const MIRRORS = ['198.51.100.150', '198.51.100.151', '203.0.113.150', '203.0.113.152', '192.0.2.150'];
/** Ports internet scanners knock on. */
const PROBED = [22, 23, 445, 1433, 3389, 5900, 6379, 8080];

/** A random internet client; scenario addresses sit outside .120–.190, so they never collide. */
const client = (rng: Rng): string => `${rng.pick(EXTERNAL_PREFIXES)}.${rng.int(120, 190)}`;
const ephemeral = (rng: Rng): number => rng.int(32768, 60999);

interface Window {
  rng: Rng;
  /** Window start, epoch seconds. */
  start: number;
  /** Diurnal activity, 0.3–1. */
  level: number;
}

function span(w: Window): [number, number] {
  const start = w.start + w.rng.int(0, 239);
  return [start, start + w.rng.int(2, 60)];
}

function rejects(w: Window, targets: readonly Eni[], mean: number): FlowEntry[] {
  return Array.from({ length: w.rng.poisson(mean) }, () => {
    const [start, end] = span(w);
    const packets = w.rng.int(1, 2);
    const to = w.rng.pick(targets);
    return { kind: 'flow', eni: to, src: client(w.rng), dst: to.ip, srcPort: ephemeral(w.rng), dstPort: w.rng.pick(PROBED), protocol: 6, packets, bytes: packets * w.rng.int(40, 60), start, end, action: 'REJECT', flags: 2 } as const;
  });
}

/** Egress from a private instance through a NAT gateway: two records on each interface. */
function natEgress(w: Window, from: Eni, nat: Eni, downloadScale: number): FlowEntry[] {
  const [start, end] = span(w);
  const mirror = w.rng.pick(MIRRORS);
  const [up, down] = [w.rng.int(6, 30), w.rng.int(20, 40 * downloadScale)];
  const req = { packets: up, bytes: up * w.rng.int(90, 400) };
  const resp = { packets: down, bytes: down * w.rng.int(1200, 1448) };
  const natPort = w.rng.int(1024, 65535);
  const port = ephemeral(w.rng);
  return [
    ...tcpPair(from, { ip: from.ip, port, ...req }, { ip: mirror, port: 443, ...resp }, start, end, 1),
    ...tcpPair(nat, { ip: from.ip, port, ...req }, { ip: nat.ip, port: 443, pkt: mirror, ...resp }, start, end),
    ...tcpPair(nat, { ip: nat.ip, port: natPort, ...req }, { ip: mirror, port: 443, ...resp }, start, end, 8),
  ];
}

function prodBaseline(w: Window): FlowEntry[] {
  const { rng } = w;
  const net = PROD_NET;
  const out: FlowEntry[] = [];
  for (let i = rng.poisson(2 + 38 * w.level); i > 0; i--) {
    const [start, end] = span(w);
    const web = rng.pick([net.web1, net.web2]);
    const [up, down] = [rng.int(6, 40), rng.int(8, 120)];
    out.push(...tcpPair(web, { ip: client(rng), port: ephemeral(rng), packets: up, bytes: up * rng.int(80, 300) }, { ip: web.ip, port: 443, packets: down, bytes: down * rng.int(900, 1400) }, start, end));
  }
  for (let i = rng.poisson(2 + 6 * w.level); i > 0; i--) {
    const [start, end] = span(w);
    const web = rng.pick([net.web1, net.web2]);
    const [q, r] = [rng.int(10, 80), rng.int(10, 200)];
    out.push(...tcpPair(net.db, { ip: web.ip, port: ephemeral(rng), packets: q, bytes: q * rng.int(100, 400) }, { ip: net.db.ip, port: 5432, packets: r, bytes: r * rng.int(500, 1400) }, start, end));
  }
  for (let i = rng.poisson(0.5 + 2.5 * w.level); i > 0; i--) out.push(...natEgress(w, net.app, net.nat, 4));
  out.push(...rejects(w, [net.web1, net.web2], 1.5));
  if (rng.chance(0.2)) out.push({ kind: 'gap', eni: net.bastion, start: w.start, end: w.start + 60, status: 'NODATA' });
  return out;
}

function devBaseline(w: Window): FlowEntry[] {
  const { rng } = w;
  const net = DEV_NET;
  const out: FlowEntry[] = [];
  for (let i = rng.poisson(1 + 5 * w.level); i > 0; i--) {
    const [start, end] = span(w);
    const [up, down] = [rng.int(6, 40), rng.int(30, 1500)];
    out.push(...tcpPair(net.build, { ip: net.build.ip, port: ephemeral(rng), packets: up, bytes: up * rng.int(90, 400) }, { ip: rng.pick(MIRRORS), port: 443, packets: down, bytes: down * rng.int(1200, 1448) }, start, end, 8));
  }
  for (let i = rng.poisson(1 + 2 * w.level); i > 0; i--) {
    const [start, end] = span(w);
    const [q, r] = [rng.int(5, 40), rng.int(5, 80)];
    out.push(...tcpPair(net.testDb, { ip: net.build.ip, port: ephemeral(rng), packets: q, bytes: q * rng.int(100, 400) }, { ip: net.testDb.ip, port: 5432, packets: r, bytes: r * rng.int(500, 1400) }, start, end, 1));
  }
  for (let i = rng.poisson(0.5 + 1.5 * w.level); i > 0; i--) out.push(...natEgress(w, net.testDb, net.nat, 1));
  out.push(...rejects(w, [net.build], 0.6));
  if (rng.chance(0.3)) out.push({ kind: 'gap', eni: net.idle, start: w.start, end: w.start + 60, status: 'NODATA' });
  return out;
}

/** One flow-log file: its key, text and record count. */
export interface FlowFile {
  key: string;
  text: string;
  records: number;
}

/** The file a flow log delivers for the 5-minute window starting at `window` (epoch ms). */
export function flowFile(seed: number, log: FlowLogDef, window: number, firstDay: number): FlowFile {
  const rng = createRng(seed, 'flows', log.id, window);
  const key = vpcFlowKey(log.account, log.region, log.id, window, rng.hex(8));
  const w: Window = { rng, start: window / 1000, level: diurnal(window) };
  const entries = [...(log.id === PROD_FLOW_LOG.id ? prodBaseline(w) : devBaseline(w)), ...flowScenarioEntries(seed, log, window, firstDay)];
  // Stable sort keeps each conversation's two records together.
  entries.sort((a, b) => a.start - b.start);
  const line = flowLineWriter(log);
  let text = `${log.fields.join(' ')}\n`;
  for (const entry of entries) text += `${line(entry)}\n`;
  return { key, text, records: entries.length };
}
