import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenWafRecord, wafEvent, webAclAccountRegion } from './index.ts';
import type { EventContext } from './index.ts';

const ARN = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop/a1b2';
const RECORD = {
  timestamp: 1709632800000, formatVersion: 1, webaclId: ARN, terminatingRuleId: 'SQLi', terminatingRuleType: 'MANAGED_RULE_GROUP', action: 'BLOCK',
  ruleGroupList: [{ ruleGroupId: 'AWS#AWSManagedRulesSQLiRuleSet', terminatingRule: null }], rateBasedRuleList: [], nonTerminatingMatchingRules: [],
  httpSourceName: 'ALB', httpSourceId: '111122223333-app/shop/1',
  httpRequest: {
    clientIp: '203.0.113.50', country: 'NL',
    headers: [{ name: 'Host', value: 'shop.example.com' }, { name: 'X-Evil-Field', value: 'x' }, { name: 'user-agent', value: 'sqlmap/1.7' }, { name: 'HOST', value: 'dup' }],
    uri: '/search', args: "q=1' OR '1'='1", httpVersion: 'HTTP/1.1', httpMethod: 'GET', requestId: 'r-1',
  },
};

test('headers flattened to the standard ones (case kept, later duplicates win); source waf appended', () => {
  const flat = flattenWafRecord(RECORD);
  assert.ok(typeof flat !== 'string');
  assert.deepEqual(Object.keys(flat), [...Object.keys(RECORD), 'source']);
  assert.deepEqual((flat['httpRequest'] as { headers: unknown }).headers, { Host: 'shop.example.com', 'user-agent': 'sqlmap/1.7', HOST: 'dup' });
  assert.equal(RECORD.httpRequest.headers.length, 4);
});

test('records without the expected structure are reported', () => {
  assert.equal(flattenWafRecord({ action: 'ALLOW' }), 'no httpRequest object');
  assert.equal(flattenWafRecord({ httpRequest: { headers: 'x' } }), 'httpRequest.headers is not a list');
  assert.equal(flattenWafRecord({ httpRequest: { headers: [{ value: 'v' }] } }), 'an httpRequest.headers entry is not {name, value}');
});

test('message: Wazuh\'s (a null inside an unwrapped list stays, as in Wazuh), with the account and region awsmon adds; from the key scope first, else from the web ACL ARN', () => {
  const flat = flattenWafRecord(RECORD) as Record<string, unknown>;
  const firehose: EventContext = { bucket: 'waf', key: '2024/03/05/10/waf-1-2024-03-05-10-00-00-u', accountAlias: '' };
  const { message, columns } = wafEvent(flat, firehose);
  assert.equal(
    JSON.stringify(message),
    `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"2024/03/05/10/waf-1-2024-03-05-10-00-00-u","s3bucket":"waf"},"timestamp":1709632800000,"formatVersion":1,"webaclId":"${ARN}","terminatingRuleId":"SQLi","terminatingRuleType":"MANAGED_RULE_GROUP","action":"BLOCK","ruleGroupList":{"ruleGroupId":"AWS#AWSManagedRulesSQLiRuleSet","terminatingRule":null},"rateBasedRuleList":[],"nonTerminatingMatchingRules":[],"httpSourceName":"ALB","httpSourceId":"111122223333-app/shop/1","httpRequest":{"clientIp":"203.0.113.50","country":"NL","headers":{"Host":"shop.example.com","user-agent":"sqlmap/1.7","HOST":"dup"},"uri":"/search","args":"q=1' OR '1'='1","httpVersion":"HTTP/1.1","httpMethod":"GET","requestId":"r-1"},"source":"waf","aws_account_id":"111122223333","region":"eu-west-1"}}`,
  );
  assert.deepEqual(columns, {
    time: 1709632800000, source: 'waf', account: '111122223333', region: 'eu-west-1', bucket: 'waf', key: firehose.key, srcIp: '203.0.113.50',
    dstIp: undefined, srcPort: undefined, dstPort: undefined, protocol: undefined, action: 'BLOCK', eventName: 'SQLi', user: undefined, bytes: undefined, packets: undefined,
  });
  const direct = wafEvent(flat, { ...firehose, accountId: '444455556666', region: 'us-east-2' });
  assert.deepEqual([direct.message.aws['aws_account_id'], direct.message.aws['region'], direct.columns.account], ['444455556666', 'us-east-2', '444455556666']);
});

test('web ACL ARNs: WAFv2 regional and global, WAF Classic ids', () => {
  assert.deepEqual(webAclAccountRegion(ARN), { account: '111122223333', region: 'eu-west-1' });
  assert.deepEqual(webAclAccountRegion('arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/1'), { account: '111122223333', region: 'us-east-1' });
  assert.deepEqual(webAclAccountRegion('arn:aws:waf::111122223333:webacl/abc'), { account: '111122223333' });
  assert.deepEqual(webAclAccountRegion('a1b2c3d4-5678'), {});
});
