/**
 * The VPC-flow scenarios: a port scan, an SSH session from the internet, a large outbound
 * transfer, and forced SKIPDATA windows. Times are relative to the first demo day; content
 * depends only on the seed.
 */
import { IPS } from './cast.ts';
import { clock } from './scenarios.ts';
import { DAY, HOUR, MINUTE } from './layout.ts';
import { DEV_FLOW_LOG, DEV_NET, PROD_FLOW_LOG, PROD_NET, tcpPair, type FlowEntry, type FlowLogDef } from './network.ts';
import { createRng } from './prng.ts';

/** Number of distinct ports the scanner probes, and the two of them the security group opens. */
export const SCAN_PORTS = 400;
export const SCAN_OPEN_PORTS = [80, 443] as const;
/** The scanner's fixed source port, as scanning tools use. */
export const SCAN_SOURCE_PORT = 61422;
/** Start of the exfiltration hour, into the middle day. */
export const EXFIL_HOUR = 15;

function portScan(seed: number, window: number): FlowEntry[] {
  const rng = createRng(seed, 'flow-scenario', 'port-scan');
  const target = PROD_NET.web1;
  const closed = rng.shuffle(Array.from({ length: 1024 }, (_, i) => i + 1).filter((p) => !(SCAN_OPEN_PORTS as readonly number[]).includes(p)));
  const ports = rng.shuffle([...closed.slice(0, SCAN_PORTS - SCAN_OPEN_PORTS.length), ...SCAN_OPEN_PORTS]);
  // Probes run from 03:16:04 to 03:19:41, one capture record per probe.
  const first = window / 1000 + 64;
  const out: FlowEntry[] = [];
  ports.forEach((port, i) => {
    const start = first + Math.floor((i * 217) / SCAN_PORTS);
    const end = Math.min(start + rng.int(1, 20), window / 1000 + 299);
    const open = (SCAN_OPEN_PORTS as readonly number[]).includes(port);
    const base = { kind: 'flow', eni: target, protocol: 6, start, end } as const;
    out.push({ ...base, src: IPS.scanner, dst: target.ip, srcPort: SCAN_SOURCE_PORT, dstPort: port, packets: open ? 2 : 1, bytes: open ? 84 : 44, action: open ? 'ACCEPT' : 'REJECT', flags: open ? 6 : 2 });
    if (open) out.push({ ...base, src: target.ip, dst: IPS.scanner, srcPort: port, dstPort: SCAN_SOURCE_PORT, packets: 1, bytes: 44, action: 'ACCEPT', flags: 18 });
  });
  return out;
}

function sshSession(window: number): FlowEntry[] {
  const start = window / 1000 + 132; // 22:47:12
  return tcpPair(PROD_NET.web2, { ip: IPS.sshClient, port: 51514, packets: 48, bytes: 9120 }, { ip: PROD_NET.web2.ip, port: 22, packets: 44, bytes: 11264 }, start, start + 58);
}

function exfiltration(seed: number, window: number, index: number): FlowEntry[] {
  const rng = createRng(seed, 'flow-scenario', 'exfiltration', index);
  const out: FlowEntry[] = [];
  for (let minute = 0; minute < 5; minute++) {
    const start = window / 1000 + minute * 60 + rng.int(0, 3);
    const bytes = rng.int(11_000_000, 15_000_000);
    const acks = Math.ceil(bytes / 8960);
    out.push(...tcpPair(
      DEV_NET.build,
      { ip: DEV_NET.build.ip, port: 49822, packets: Math.ceil(bytes / 1448), bytes },
      { ip: IPS.exfilTarget, port: 443, packets: acks, bytes: acks * 52 },
      start, start + 59, 8,
    ));
  }
  return out;
}

/** The scenario entries of a flow log's window starting at `window` (epoch ms). */
export function flowScenarioEntries(seed: number, log: FlowLogDef, window: number, firstDay: number): FlowEntry[] {
  const middle = firstDay + DAY;
  const skip = (at: number, on: FlowEntry['eni']): FlowEntry[] =>
    window === at ? [{ kind: 'gap', eni: on, start: window / 1000 + 60, end: window / 1000 + 120, status: 'SKIPDATA' }] : [];
  if (log.id === PROD_FLOW_LOG.id) {
    if (window === middle + clock('03:15:00')) return portScan(seed, window);
    if (window === firstDay + clock('22:45:00')) return sshSession(window);
    return skip(firstDay + clock('05:00:00'), PROD_NET.web2);
  }
  if (log.id === DEV_FLOW_LOG.id) {
    const sinceExfil = window - (middle + EXFIL_HOUR * HOUR);
    if (sinceExfil >= 0 && sinceExfil < HOUR) return exfiltration(seed, window, sinceExfil / (5 * MINUTE));
    return skip(middle + clock('05:00:00'), DEV_NET.testDb);
  }
  return [];
}
