/**
 * Writes the shipped rule test cases, ruleset/tests/*.json, from the builders in
 * scripts/ruleset-cases/ (events built by awsmon's own events stage and the demo's record
 * builders, so they are exactly the messages awsmon produces).
 *   node --import tsx scripts/gen-ruleset-cases.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudTrailCases } from './ruleset-cases/cloudtrail.ts';
import { demoCases } from './ruleset-cases/demo.ts';
import { findingCases } from './ruleset-cases/findings.ts';
import type { RuleCase } from './ruleset-cases/model.ts';
import { securityLakeCases } from './ruleset-cases/ocsf.ts';
import { securityHubCases } from './ruleset-cases/securityhub.ts';
import { threatCases } from './ruleset-cases/threats.ts';
import { vpcCases } from './ruleset-cases/vpc.ts';

const DIR = join(import.meta.dirname, '..', 'ruleset', 'tests');
const FILES: Record<string, () => RuleCase[]> = {
  'aws-cloudtrail.json': cloudTrailCases,
  'aws-cloudtrail-threats.json': threatCases,
  'aws-vpcflow.json': vpcCases,
  'aws-findings.json': findingCases,
  'amazon-security-lake.json': securityLakeCases,
  'aws-security-hub.json': securityHubCases,
  'demo.json': demoCases,
};

for (const [name, cases] of Object.entries(FILES)) {
  const list = cases();
  // One case per line keeps diffs readable while the file stays plain JSON.
  const body = list.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
  writeFileSync(join(DIR, name), `{\n  "cases": [\n${body}\n  ]\n}\n`);
  process.stdout.write(`${name}: ${list.length} cases\n`);
}
