/** Cases of the Security Hub rules (0998, 99800-99860). */
import { reformat } from '../../src/events/index.ts';
import { bucketMessage, ACCOUNT, iso, type Message } from './messages.ts';
import { fires, misses, type RuleCase } from './model.ts';

const SERVICES = 'Account ACM APIGateway AutoScaling CloudFormation CloudFront CloudTrail CloudWatch CodeBuild Config DMS DocumentDB DynamoDB EC2 ECR ECS EFS EKS ElastiCache ELB EMR ES IAM KMS Lambda Neptune Opensearch RDS Redshift S3 SSM WAF'.split(' ');
const CONTROLS = ['CloudTrail.6', 'CodeBuild.1', 'CodeBuild.2', 'DMS.1', 'DocumentDB.3', 'EC2.1', 'EC2.9', 'EC2.19', 'EMR.2', 'ES.2', 'IAM.4', 'IAM.6', 'IAM.9', 'KMS.3', 'Lambda.1', 'Neptune.3', 'Opensearch.2', 'RDS.1', 'RDS.2', 'Redshift.1', 'S3.2', 'S3.3', 'S3.8', 'S3.19', 'SSM.4'];

function hubFinding(finding: Record<string, unknown>): Message {
  return { integration: 'aws', aws: { source: 'securityhub', detail_type: 'Security Hub Findings - Imported', finding: reformat(finding) } };
}

function control(id: string, status: 'PASSED' | 'FAILED', recordState: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE'): Message {
  return hubFinding({
    SchemaVersion: '2018-10-08', Id: `arn:aws:securityhub:us-east-1:${ACCOUNT}:security-control/${id}/finding/0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub', ProductName: 'Security Hub', CompanyName: 'AWS', Region: 'us-east-1', GeneratorId: `security-control/${id}`, AwsAccountId: ACCOUNT,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'], FirstObservedAt: iso(-86_400_000), LastObservedAt: iso(0), CreatedAt: iso(-86_400_000), UpdatedAt: iso(0),
    Severity: { Label: status === 'FAILED' ? 'HIGH' : 'INFORMATIONAL', Normalized: status === 'FAILED' ? 70 : 0, Original: status === 'FAILED' ? 'HIGH' : 'INFORMATIONAL' },
    Title: `Control ${id}`, Description: `Security control ${id}.`, Resources: [{ Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0a1b2c3d4e5f60042`, Partition: 'aws', Region: 'us-east-1' }],
    Compliance: { Status: status, SecurityControlId: id, AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }] },
    WorkflowState: 'NEW', Workflow: { Status: 'NEW' }, RecordState: recordState,
  });
}

function productFinding(productName: string): Message {
  return hubFinding({
    SchemaVersion: '2018-10-08', Id: `arn:aws:${productName.toLowerCase()}:us-east-1:${ACCOUNT}:finding/9ec7a1f0c5e64b3f8d2a0b1c2d3e4f50`, ProductArn: `arn:aws:securityhub:us-east-1::product/aws/${productName.toLowerCase()}`,
    ProductName: productName, CompanyName: 'Amazon', Region: 'us-east-1', GeneratorId: 'generator', AwsAccountId: ACCOUNT, Types: ['TTPs/Discovery'], CreatedAt: iso(0), UpdatedAt: iso(0),
    Severity: { Label: 'MEDIUM', Normalized: 40 }, Title: `${productName} finding`, Description: `A finding of ${productName}.`, Resources: [{ Type: 'AwsEc2Instance', Id: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0a1b2c3d4e5f60010` }],
    WorkflowState: 'NEW', RecordState: 'ACTIVE',
  });
}

/** The cases. */
export function securityHubCases(): RuleCase[] {
  const out: RuleCase[] = [
    fires('a Security Hub finding of a product without a rule stays an event (99800)', [productFinding('Macie')], 99800, 0),
    misses('near miss of 99800: a GuardDuty finding from its own bucket', [bucketMessage('guardduty', { schemaVersion: '2.0', type: 'Recon:EC2/Portscan', severity: 5, service: { serviceName: 'guardduty' } }, `AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/2024/05/02/2f3a4b5c.jsonl.gz`, 'acme-guardduty')], 99800),
  ];
  SERVICES.forEach((svc, i) => {
    const next = SERVICES[(i + 1) % SERVICES.length]!;
    out.push(fires(`a passed ${svc} control stays an event (${99801 + i})`, [control(`${svc}.1`, 'PASSED')], 99801 + i, 0));
    out.push(misses(`near miss of ${99801 + i}: a ${next} control`, [control(`${next}.1`, 'PASSED')], 99801 + i));
  });
  ['GuardDuty', 'Inspector', 'Health'].forEach((product, i) => {
    out.push(fires(`a ${product} finding through Security Hub is silenced (${99833 + i})`, [productFinding(product)], 99833 + i, 0));
    out.push(misses(`near miss of ${99833 + i}: a Macie finding`, [productFinding('Macie')], 99833 + i));
  });
  CONTROLS.forEach((id, i) => {
    out.push(fires(`control ${id} failed (${99836 + i})`, [control(id, 'FAILED')], 99836 + i, 12));
    out.push(misses(`near miss of ${99836 + i}: the finding is archived`, [control(id, 'FAILED', 'ARCHIVED')], 99836 + i));
  });
  out.push(misses('near miss of 99843: control EC2.190 is not EC2.19', [control('EC2.190', 'FAILED')], 99843));
  return out;
}
