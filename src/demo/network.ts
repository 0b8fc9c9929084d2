/**
 * The demo's two VPCs, their network interfaces and flow logs, and how a flow becomes a record in
 * each flow log's format.
 */
import { DEV, PROD } from './cast.ts';
import { V2_FIELDS, V5_FIELDS, type FlowValue } from './flow-format.ts';

/** A network interface whose traffic a flow log records. */
export interface Eni {
  id: string;
  ip: string;
  /** `-` for interfaces AWS owns (NAT gateways). */
  instanceId: string;
  subnetId: string;
}

/** A flow log delivering to the demo bucket. */
export interface FlowLogDef {
  id: string;
  account: string;
  region: string;
  vpcId: string;
  fields: readonly string[];
  version: number;
}

/** A traffic flow seen on one interface in one capture window (times in epoch seconds). */
export interface Flow {
  kind: 'flow';
  eni: Eni;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action: 'ACCEPT' | 'REJECT';
  /** OR of the TCP flags seen (1 FIN, 2 SYN, 4 RST, 18 SYN-ACK). */
  flags: number;
  /** The addresses in the packet when they differ from the interface's view (NAT). */
  pktSrc?: string | undefined;
  pktDst?: string | undefined;
  /** `traffic-path` when the flow leaves the interface (1 same VPC, 8 internet gateway). */
  path?: number | undefined;
}

/** A capture window in which the interface had no traffic (NODATA) or records were dropped (SKIPDATA). */
export interface Gap {
  kind: 'gap';
  eni: Eni;
  start: number;
  end: number;
  status: 'NODATA' | 'SKIPDATA';
}

/** What a flow-log file holds for one interface and window. */
export type FlowEntry = Flow | Gap;

const eni = (id: string, ip: string, instanceId: string, subnetId: string): Eni => ({ id, ip, instanceId, subnetId });

/** Production VPC in us-east-1: two public web servers, a database, an app server, a NAT gateway, a stopped bastion. */
export const PROD_NET = {
  web1: eni('eni-0a1b2c3d4e5f60101', '10.0.1.10', 'i-0a1b2c3d4e5f60010', 'subnet-0a1b2c3d4e5f6a001'),
  web2: eni('eni-0a1b2c3d4e5f60102', '10.0.1.11', 'i-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f6a001'),
  bastion: eni('eni-0a1b2c3d4e5f60104', '10.0.1.5', 'i-0a1b2c3d4e5f60005', 'subnet-0a1b2c3d4e5f6a001'),
  db: eni('eni-0a1b2c3d4e5f60201', '10.0.2.20', 'i-0a1b2c3d4e5f60020', 'subnet-0a1b2c3d4e5f6a002'),
  app: eni('eni-0a1b2c3d4e5f60202', '10.0.2.30', 'i-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f6a002'),
  nat: eni('eni-0a1b2c3d4e5f60003', '10.0.0.5', '-', 'subnet-0a1b2c3d4e5f6a000'),
} as const;

/** Development VPC in eu-west-1: a build server, a test database behind a NAT gateway, an idle instance. */
export const DEV_NET = {
  build: eni('eni-0d4c3b2a19f8e7d01', '10.1.1.50', 'i-0d4c3b2a19f8e7d60', 'subnet-0d4c3b2a19f8eb001'),
  idle: eni('eni-0d4c3b2a19f8e7d04', '10.1.1.70', 'i-0d4c3b2a19f8e7d62', 'subnet-0d4c3b2a19f8eb001'),
  testDb: eni('eni-0d4c3b2a19f8e7d02', '10.1.2.60', 'i-0d4c3b2a19f8e7d61', 'subnet-0d4c3b2a19f8eb002'),
  nat: eni('eni-0d4c3b2a19f8e7d03', '10.1.0.9', '-', 'subnet-0d4c3b2a19f8eb000'),
} as const;

/** The default-format flow log of the production VPC. */
export const PROD_FLOW_LOG: FlowLogDef = { id: 'fl-0a1b2c3d4e5f60718', account: PROD, region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f60700', fields: V2_FIELDS, version: 2 };
/** The custom-format (version 5) flow log of the development VPC. */
export const DEV_FLOW_LOG: FlowLogDef = { id: 'fl-0f9e8d7c6b5a40312', account: DEV, region: 'eu-west-1', vpcId: 'vpc-0d4c3b2a19f8e7d00', fields: V5_FIELDS, version: 5 };

/** Both flow logs of the demo. */
export const FLOW_LOGS = [PROD_FLOW_LOG, DEV_FLOW_LOG] as const;

type Getter = (log: FlowLogDef, entry: FlowEntry) => FlowValue | undefined;
const ifFlow = (get: (flow: Flow) => FlowValue | undefined): Getter => (_log, e) => (e.kind === 'flow' ? get(e) : undefined);
const egress = (flow: Flow): boolean => flow.src === flow.eni.ip;

/** How each field is read from an entry; a field absent here or undefined is written `-`. */
const GETTERS: Record<string, Getter> = {
  version: (log) => log.version,
  'account-id': (log) => log.account,
  'vpc-id': (log) => log.vpcId,
  region: (log) => log.region,
  'interface-id': (_log, e) => e.eni.id,
  'subnet-id': (_log, e) => e.eni.subnetId,
  'instance-id': (_log, e) => e.eni.instanceId,
  start: (_log, e) => e.start,
  end: (_log, e) => e.end,
  'log-status': (_log, e) => (e.kind === 'gap' ? e.status : 'OK'),
  type: ifFlow(() => 'IPv4'),
  srcaddr: ifFlow((f) => f.src),
  dstaddr: ifFlow((f) => f.dst),
  srcport: ifFlow((f) => f.srcPort),
  dstport: ifFlow((f) => f.dstPort),
  'pkt-srcaddr': ifFlow((f) => f.pktSrc ?? f.src),
  'pkt-dstaddr': ifFlow((f) => f.pktDst ?? f.dst),
  protocol: ifFlow((f) => f.protocol),
  packets: ifFlow((f) => f.packets),
  bytes: ifFlow((f) => f.bytes),
  action: ifFlow((f) => f.action),
  'tcp-flags': ifFlow((f) => f.flags),
  'flow-direction': ifFlow((f) => (egress(f) ? 'egress' : 'ingress')),
  'traffic-path': ifFlow((f) => (egress(f) ? f.path : undefined)),
};

/** Compiles the line writer of a flow log's format: entry in, record line (no newline) out. */
export function flowLineWriter(log: FlowLogDef): (entry: FlowEntry) => string {
  const getters = log.fields.map((field): Getter => GETTERS[field] ?? (() => undefined));
  return (entry) => getters.map((get) => String(get(log, entry) ?? '-')).join(' ');
}

/** One side of a TCP conversation: an address, a port, and what it sent. */
export interface Side {
  ip: string;
  port: number;
  packets: number;
  bytes: number;
  /** The address in the packets when a NAT gateway rewrote it. */
  pkt?: string | undefined;
}

/** Both records (client→server, server→client) of an accepted TCP conversation seen on `on`. */
export function tcpPair(on: Eni, client: Side, server: Side, start: number, end: number, path?: number): Flow[] {
  return [
    { kind: 'flow', eni: on, protocol: 6, start, end, action: 'ACCEPT', src: client.ip, dst: server.ip, srcPort: client.port, dstPort: server.port, packets: client.packets, bytes: client.bytes, flags: 3, pktSrc: client.pkt, pktDst: server.pkt, path },
    { kind: 'flow', eni: on, protocol: 6, start, end, action: 'ACCEPT', src: server.ip, dst: client.ip, srcPort: server.port, dstPort: client.port, packets: server.packets, bytes: server.bytes, flags: 19, pktSrc: server.pkt, pktDst: client.pkt, path },
  ];
}
