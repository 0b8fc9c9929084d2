/** Cases of the VPC flow rules: Wazuh's family (80400-80402) and awsmon's detections (80600-80609). */
import { fires, misses, repeat, type RuleCase } from './model.ts';
import { call, flow, SECOND, MINUTE, type FlowSpec, type Message } from './messages.ts';

const SCANNER = '198.51.100.23';
const WEB = '10.0.1.10';
const accepted = (src: string, dstPort: number, extra: Partial<FlowSpec> = {}): Message => flow({ src, dst: WEB, srcPort: 51514, dstPort, action: 'ACCEPT', packets: 48, bytes: 9120, ...extra });
const rejected = (src: string, dstPort: number, at: number): Message => flow({ src, dst: WEB, srcPort: 61422, dstPort, action: 'REJECT', packets: 1, bytes: 44, at });
const egress = (bytes: number, dst = '203.0.113.200', at = 0): Message => flow({ src: '10.0.2.30', dst, srcPort: 49822, dstPort: 443, action: 'ACCEPT', packets: Math.ceil(bytes / 1448), bytes, at, eni: 'eni-0a1b2c3d4e5f60202' });
const PORTS = [21, 22, 23, 25, 53, 110, 111, 135, 139, 143, 445, 993, 995, 1723, 3306, 3389, 5900, 8080];

/** The cases. */
export function vpcCases(): RuleCase[] {
  return [
    fires('a NODATA record stays an event (80400)', [flow({ src: '-', dst: '-', srcPort: '-', dstPort: '-', protocol: '-', packets: '-', bytes: '-', action: '-', logStatus: 'NODATA' })], 80400, 0),
    misses('near miss of 80400: a CloudTrail event', [call({ name: 'DescribeVpcs', source: 'ec2.amazonaws.com', requestParameters: { vpcSet: {}, filterSet: {} } })], 80400),
    fires('an accepted flow is an event, not an alert (80401)', [accepted('203.0.113.12', 443)], 80401, 2),
    misses('near miss of 80401: a rejected flow', [rejected(SCANNER, 443, 0)], 80401),
    fires('a rejected flow is an event, not an alert (80402)', [rejected(SCANNER, 23, 0)], 80402, 2),
    misses('near miss of 80402: an accepted flow', [accepted('203.0.113.12', 443)], 80402),

    fires('15 distinct ports rejected for one source within 2 minutes: port scan (80600)', PORTS.slice(0, 15).map((p, i) => rejected(SCANNER, p, i * 5 * SECOND)), 80600, 10),
    misses('near miss of 80600: 14 distinct ports', PORTS.slice(0, 14).map((p, i) => rejected(SCANNER, p, i * 5 * SECOND)), 80600),
    misses('near miss of 80600: 15 rejections of one port', Array.from({ length: 15 }, (_, i) => rejected(SCANNER, 22, i * 5 * SECOND)), 80600),
    misses('near miss of 80600: 15 ports from 15 sources', PORTS.slice(0, 15).map((p, i) => rejected(`198.51.100.${100 + i}`, p, i * 5 * SECOND)), 80600),
    misses('near miss of 80600: 15 ports over 15 minutes', PORTS.slice(0, 15).map((p, i) => rejected(SCANNER, p, i * MINUTE)), 80600),
    fires('60 rejected connections from one source within a minute (80601)', [repeat(60, rejected(SCANNER, 22, 0))], 80601, 8),
    misses('near miss of 80601: 59 rejected connections', [repeat(59, rejected(SCANNER, 22, 0))], 80601),

    fires('SSH accepted from an internet address (80602)', [accepted('192.0.2.99', 22)], 80602, 6),
    misses('near miss of 80602: SSH from inside the VPC', [accepted('10.0.1.5', 22)], 80602),
    misses('near miss of 80602: the server side of an SSH session', [flow({ src: WEB, dst: '192.0.2.99', srcPort: 22, dstPort: 51514, action: 'ACCEPT' })], 80602),
    fires('RDP accepted from an internet address (80603)', [accepted('203.0.113.88', 3389)], 80603, 6),
    misses('near miss of 80603: RDP from a private network', [accepted('172.16.5.5', 3389)], 80603),
    fires('SMB accepted from an internet address (80604)', [accepted('203.0.113.88', 445)], 80604, 8),
    misses('near miss of 80604: SMB from inside the VPC', [accepted('10.0.2.30', 445)], 80604),
    fires('VNC accepted from an internet address (80605)', [accepted('203.0.113.88', 5900)], 80605, 6),
    misses('near miss of 80605: VNC from a private network', [accepted('192.168.1.10', 5900)], 80605),
    fires('PostgreSQL reached from an internet address (80606)', [accepted('203.0.113.88', 5432)], 80606, 6),
    misses('near miss of 80606: PostgreSQL from the web tier', [accepted('10.0.1.11', 5432)], 80606),
    misses('near miss of 80606: a mirror answering from 443 to a NAT port that happens to be 5432', [flow({ src: '203.0.113.152', dst: '10.0.0.5', srcPort: 443, dstPort: 5432, action: 'ACCEPT', packets: 900, bytes: 1_250_000 })], 80606),
    misses('near miss of 80603: a web server answering from 443 to client port 3389', [flow({ src: '203.0.113.80', dst: '10.0.2.30', srcPort: 443, dstPort: 3389, action: 'ACCEPT' })], 80603),

    fires('1.5 GB sent to an internet address in one flow (80607)', [egress(1_500_000_000)], 80607, 8),
    misses('near miss of 80607: just under 1 GB', [egress(999_999_999)], 80607),
    misses('near miss of 80607: 1.5 GB received from the internet', [flow({ src: '203.0.113.200', dst: '10.0.2.30', srcPort: 443, dstPort: 49822, action: 'ACCEPT', packets: 1_035_912, bytes: 1_500_000_000 })], 80607),
    fires('12 MB to an internet address is remembered (80608)', [egress(12_000_000)], 80608, 2),
    misses('near miss of 80608: 12 MB between private hosts', [egress(12_000_000, '10.0.2.20')], 80608),
    fires('10 flows of 10 MB or more to one internet address within an hour (80609)', Array.from({ length: 10 }, (_, i) => egress(12_000_000 + i * 100_000, '203.0.113.200', i * 5 * MINUTE)), 80609, 8),
    misses('near miss of 80609: 9 such flows', Array.from({ length: 9 }, (_, i) => egress(12_000_000, '203.0.113.200', i * 5 * MINUTE)), 80609),
    misses('near miss of 80609: 10 flows to 10 addresses', Array.from({ length: 10 }, (_, i) => egress(12_000_000, `203.0.113.${200 + i}`, i * 5 * MINUTE)), 80609),
  ];
}
