import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectorEvent, pythonDatetimeStr } from './inspector.ts';

test("timestamps: Python's str() of an aware UTC datetime, microseconds only when not zero", () => {
  assert.equal(pythonDatetimeStr(new Date('2025-11-24T16:00:00.123Z')), '2025-11-24 16:00:00.123000+00:00');
  assert.equal(pythonDatetimeStr(new Date('2025-01-02T03:04:05Z')), '2025-01-02 03:04:05+00:00');
  assert.equal(pythonDatetimeStr(new Date('2025-01-02T03:04:05.007Z')), '2025-01-02 03:04:05.007000+00:00');
});

test('a finding: createdAt/updatedAt as %Y-%m-%dT%H:%M:%SZ, other dates as str(), source inspector2 last, columns', () => {
  const finding = {
    findingArn: 'arn:aws:inspector2:us-east-1:111122223333:finding/x', awsAccountId: '111122223333', type: 'CODE_VULNERABILITY',
    severity: 'MEDIUM', createdAt: new Date('2025-05-06T07:08:09.999Z'), updatedAt: new Date('2025-05-07T00:00:00.500Z'),
    firstObservedAt: new Date('2025-05-06T07:08:09Z'), epss: { score: 0.1 }, fixAvailable: undefined,
    resources: [{ id: 'fn', type: 'AWS_LAMBDA_FUNCTION', region: 'us-west-2' }],
  };
  const e = inspectorEvent(finding, 'us-east-1', 1);
  assert.equal(JSON.stringify(e.message), JSON.stringify({
    integration: 'aws',
    aws: {
      findingArn: 'arn:aws:inspector2:us-east-1:111122223333:finding/x', awsAccountId: '111122223333', type: 'CODE_VULNERABILITY',
      severity: 'MEDIUM', createdAt: '2025-05-06T07:08:09Z', updatedAt: '2025-05-07T00:00:00Z',
      firstObservedAt: '2025-05-06 07:08:09+00:00', epss: { score: 0.1 },
      resources: [{ id: 'fn', type: 'AWS_LAMBDA_FUNCTION', region: 'us-west-2' }], source: 'inspector2',
    },
  }));
  assert.deepEqual(e.columns, { time: Date.parse('2025-05-07T00:00:00.500Z'), source: 'inspector2', account: '111122223333', region: 'us-west-2', eventName: 'CODE_VULNERABILITY', action: 'MEDIUM' });
  // The SDK's finding is not modified.
  assert.ok(finding.updatedAt instanceof Date);
});
