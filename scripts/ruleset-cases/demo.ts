/**
 * Cases made of the demo bucket's own records (src/demo, README "Incidents"): each scenario that
 * `npm start` must alert on, and the accepted flows that must not.
 */
import { vpcFlowKey } from '../../src/demo/index.ts';
import { clock, scenarioRecords, BRUTE_FORCE_FAILURES } from '../../src/demo/scenarios.ts';
import { flowScenarioEntries, EXFIL_HOUR } from '../../src/demo/flow-scenarios.ts';
import { DEV_FLOW_LOG, flowLineWriter, PROD_FLOW_LOG, type FlowLogDef } from '../../src/demo/network.ts';
import { DAY, HOUR, MINUTE } from '../../src/demo/layout.ts';
import { toSnakeCase } from '../../src/formats/index.ts';
import { createVpcFlowEventBuilder } from '../../src/events/index.ts';
import { fires, type RuleCase } from './model.ts';
import { trailMessage, type Message } from './messages.ts';

const SEED = 20240501;
const FIRST = Date.UTC(2024, 4, 1);
const MIDDLE = FIRST + DAY;

/** The messages of one demo flow-log window, in the order the file holds them. */
function windowFlows(log: FlowLogDef, window: number): { message: Message; line: string[] }[] {
  const write = flowLineWriter(log);
  const build = createVpcFlowEventBuilder(log.fields.map(toSnakeCase), {
    bucket: 'awsmon-demo-trail', key: vpcFlowKey(log.account, log.region, log.id, window, '00000000'), accountAlias: '', accountId: log.account, region: log.region, flowLogId: log.id,
  });
  return flowScenarioEntries(SEED, log, window, FIRST).map((entry) => {
    const line = write(entry).split(' ');
    return { message: build(line).message as unknown as Message, line };
  });
}

const field = (log: FlowLogDef, values: string[], name: string): string => values[log.fields.indexOf(name)]!;

/** The cases. */
export function demoCases(): RuleCase[] {
  const records = scenarioRecords(SEED, FIRST).map((placed) => placed.record);
  const named = (name: string) => records.filter((r) => r.eventName === name).map(trailMessage);
  const logins = records.filter((r) => r.eventName === 'ConsoleLogin');
  const bruteForce = logins.filter((r) => r.sourceIPAddress === '198.51.100.77').map(trailMessage);
  const root = logins.filter((r) => (r.userIdentity as { type?: string }).type === 'Root').map(trailMessage);
  const [xssList, xssTags] = records.filter((r) => r.userAgent.includes('<script>')).map(trailMessage);
  const [createVpc, deniedVpc] = named('CreateVpc');

  const scan = windowFlows(PROD_FLOW_LOG, MIDDLE + clock('03:15:00'));
  const ports = new Set<string>();
  const scanUntilAlert: Message[] = [];
  for (const flow of scan) {
    scanUntilAlert.push(flow.message);
    if (field(PROD_FLOW_LOG, flow.line, 'action') === 'REJECT') ports.add(field(PROD_FLOW_LOG, flow.line, 'dstport'));
    if (ports.size === 15) break;
  }
  const scanAccept = scan.find((f) => field(PROD_FLOW_LOG, f.line, 'action') === 'ACCEPT' && field(PROD_FLOW_LOG, f.line, 'dstport') === '80')!;
  const [sshIn, sshOut] = windowFlows(PROD_FLOW_LOG, FIRST + clock('22:45:00'));

  const exfil: Message[] = [];
  let egress = 0;
  for (let w = 0; egress < 10; w++) {
    for (const flow of windowFlows(DEV_FLOW_LOG, MIDDLE + EXFIL_HOUR * HOUR + w * 5 * MINUTE)) {
      if (egress === 10) break;
      exfil.push(flow.message);
      if (field(DEV_FLOW_LOG, flow.line, 'srcaddr') === '10.1.1.50') egress++;
    }
  }

  return [
    fires('demo: alice creates IAM user svc-backup (80525)', named('CreateUser'), 80525, 5),
    fires('demo: alice creates an access key for svc-backup (80526)', named('CreateAccessKey'), 80526, 8),
    fires('demo: alice attaches AdministratorAccess to svc-backup (80528)', named('AttachUserPolicy'), 80528, 12),
    fires('demo: Terraform creates a VPC (80550)', [createVpc!], 80550, 5),
    fires('demo: bob is denied creating a VPC (80551)', [deniedVpc!], 80551, 7),
    fires('demo: root signs in to the dev console (80521)', root, 80521, 10),
    fires(`demo: console brute force, the first 6 of ${BRUTE_FORCE_FAILURES.length} failures (80255)`, bruteForce.slice(0, 6), 80255, 10),
    fires('demo: console login without MFA after 14 failures from the same address (80524)', bruteForce, 80524, 12),
    fires('demo: script markup in the user agent of ListBuckets (80580)', [xssList!], 80580, 8),
    fires('demo: script markup in the user agent of CreateTags (80580)', [xssTags!], 80580, 8),
    fires('demo: port scan of web-1, alert at the 15th rejected port (80600)', scanUntilAlert, 80600, 10),
    fires('demo: the scanner reaching the open port 80 is an event, not an alert (80401)', [scanAccept.message], 80401, 2),
    fires('demo: SSH from 192.0.2.99 accepted by web-2 (80602)', [sshIn!.message], 80602, 6),
    fires('demo: the server side of the SSH session is not an alert (80401)', [sshOut!.message], 80401, 2),
    fires('demo: the build server sends 10 flows of 11-15 MB to 203.0.113.200 (80609)', exfil, 80609, 8),
  ];
}
