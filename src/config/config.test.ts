import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUCKET_TYPES, loadConfig, parseConfig, type BucketConfig } from './index.ts';
import { ConfigError } from '../core/errors.ts';

const ISSUE_EXAMPLE = `<ossec_config>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>30m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>no</skip_on_error>
    <bucket type="cloudtrail">
      <name>acme-trail</name>
      <aws_profile>default</aws_profile>
    </bucket>
  </wodle>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>yes</skip_on_error>
    <bucket type="vpcflow">
      <name>acme-flows</name>
      <aws_profile>default</aws_profile>
    </bucket>
  </wodle>
</ossec_config>
`;

const plainBucket = { awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false } as const;

/** Wraps wodle content in a complete file. */
const wodle = (body: string): string => `<ossec_config><wodle name="aws-s3">${body}</wodle></ossec_config>`;

test('the example from the issue parses to the expected configuration', () => {
  assert.deepEqual(parseConfig(ISSUE_EXAMPLE), {
    wodles: [
      {
        index: 1, disabled: false, interval: 1800, runOnStart: true, skipOnError: false,
        buckets: [{ kind: 'bucket', type: 'cloudtrail', name: 'acme-trail', awsProfile: 'default', ...plainBucket }],
        services: [], subscribers: [],
      },
      {
        index: 2, disabled: false, interval: 600, runOnStart: true, skipOnError: true,
        buckets: [{ kind: 'bucket', type: 'vpcflow', name: 'acme-flows', awsProfile: 'default', ...plainBucket }],
        services: [], subscribers: [],
      },
    ],
    logAllJson: false,
    alerts: { logAlertLevel: 3, emailAlertLevel: 12 },
    ruleset: { home: process.cwd(), ruleDirs: [], ruleFiles: [], excludedFiles: [], lists: [] },
    warnings: [],
  });
});

test('the configuration and everything in it is frozen', () => {
  const config = parseConfig(ISSUE_EXAMPLE, { file: '/etc/ossec.conf' });
  assert.equal(config.file, '/etc/ossec.conf');
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.wodles));
  assert.ok(Object.isFrozen(config.wodles[0]!.buckets[0]));
  assert.ok(Object.isFrozen(config.warnings));
  assert.throws(() => { (config.wodles[0] as { interval: number }).interval = 1; }, TypeError);
});

const bucketXml = (type: string, name: string): string => `
  <bucket type="${type}">
    <name>${name}</name>
    <aws_account_id>123456789012, 210987654321,123456789012</aws_account_id>
    <aws_account_alias>prod</aws_account_alias>
    <aws_organization_id>o-abcdef1234</aws_organization_id>
    <aws_profile>audit</aws_profile>
    <iam_role_arn>arn:aws:iam::123456789012:role/awsmon-read</iam_role_arn>
    <iam_role_duration>1800</iam_role_duration>
    <path>logs/${type}</path>
    <path_suffix>eu</path_suffix>
    <only_logs_after>2018-aug-21</only_logs_after>
    <regions>us-west-2, us-east-1,us-west-2</regions>
    <discard_regex field="data.eventName">Describe.*</discard_regex>
    <remove_from_bucket>yes</remove_from_bucket>
    <sts_endpoint>sts.us-east-1.amazonaws.com</sts_endpoint>
    <service_endpoint>http://127.0.0.1:5000</service_endpoint>
  </bucket>`;

const bucketExpected = (type: BucketConfig['type'], name: string): BucketConfig => ({
  kind: 'bucket', type, name,
  awsAccountIds: ['123456789012', '210987654321'],
  awsAccountAlias: 'prod',
  awsOrganizationId: 'o-abcdef1234',
  awsProfile: 'audit',
  iamRoleArn: 'arn:aws:iam::123456789012:role/awsmon-read',
  iamRoleDuration: 1800,
  path: `logs/${type}/`,
  pathSuffix: 'eu/',
  onlyLogsAfter: '2018-08-21',
  regions: ['us-east-1', 'us-west-2'],
  discardRegex: { field: 'data.eventName', pattern: 'Describe.*', regex: /(?<![\s\S])(?:Describe.*)/ },
  removeFromBucket: true,
  stsEndpoint: 'https://sts.us-east-1.amazonaws.com',
  serviceEndpoint: 'http://127.0.0.1:5000',
});

test('a block with every bucket type, service and subscriber, all options used, parses', () => {
  const xml = wodle(`
    <disabled>yes</disabled><interval>2h</interval><run_on_start>no</run_on_start><skip_on_error>yes</skip_on_error>
    ${BUCKET_TYPES.map((t) => bucketXml(t, `acme-${t.replace('_', '-')}`)).join('')}
    <service type="cloudwatchlogs">
      <aws_account_id>123456789012</aws_account_id><aws_account_alias>prod</aws_account_alias>
      <aws_profile>audit</aws_profile><iam_role_arn>arn:aws-us-gov:iam::123456789012:role/r</iam_role_arn>
      <iam_role_duration>900</iam_role_duration><only_logs_after>2024-Jan-05</only_logs_after>
      <regions>us-gov-west-1</regions><aws_log_groups>/aws/lambda/a, /aws/lambda/b</aws_log_groups>
      <remove_log_streams>yes</remove_log_streams><discard_regex>REPORT RequestId</discard_regex>
      <sts_endpoint>https://sts.us-gov-west-1.amazonaws.com</sts_endpoint><service_endpoint>logs.us-gov-west-1.amazonaws.com</service_endpoint>
    </service>
    <service type="inspector">
      <aws_profile>audit</aws_profile><regions>eu-west-1</regions><only_logs_after>2024-DEC-31</only_logs_after>
      <discard_regex field="severity">LOW</discard_regex>
    </service>
    <subscriber type="security_lake">
      <sqs_name>AmazonSecurityLake-queue</sqs_name><external_id>ext-42</external_id>
      <iam_role_arn>arn:aws:iam::123456789012:role/lake</iam_role_arn><iam_role_duration>3600</iam_role_duration>
      <aws_profile>lake</aws_profile><sts_endpoint>http://localhost:5000</sts_endpoint><service_endpoint>http://localhost:5000</service_endpoint>
    </subscriber>
    <subscriber type="buckets"><sqs_name>bucket_events</sqs_name><discard_regex field="x.y">z</discard_regex></subscriber>
    <subscriber type="security_hub"><sqs_name>hub-findings</sqs_name><discard_regex>(?i)low</discard_regex></subscriber>`);
  const config = parseConfig(xml);
  assert.deepEqual(config.wodles[0], {
    index: 1, disabled: true, interval: 7200, runOnStart: false, skipOnError: true,
    buckets: BUCKET_TYPES.map((t) => bucketExpected(t, `acme-${t.replace('_', '-')}`)),
    services: [
      {
        kind: 'service', type: 'cloudwatchlogs', awsAccountIds: ['123456789012'], awsAccountAlias: 'prod', awsProfile: 'audit',
        iamRoleArn: 'arn:aws-us-gov:iam::123456789012:role/r', iamRoleDuration: 900, onlyLogsAfter: '2024-01-05',
        regions: ['us-gov-west-1'], awsLogGroups: ['/aws/lambda/a', '/aws/lambda/b'], removeLogStreams: true,
        discardRegex: { pattern: 'REPORT RequestId', regex: /(?<![\s\S])(?:REPORT RequestId)/ },
        stsEndpoint: 'https://sts.us-gov-west-1.amazonaws.com', serviceEndpoint: 'https://logs.us-gov-west-1.amazonaws.com',
      },
      {
        kind: 'service', type: 'inspector', awsAccountAlias: '', awsProfile: 'audit', onlyLogsAfter: '2024-12-31',
        regions: ['eu-west-1'], removeLogStreams: false,
        discardRegex: { field: 'severity', pattern: 'LOW', regex: /(?<![\s\S])(?:LOW)/ },
      },
    ],
    subscribers: [
      {
        kind: 'subscriber', type: 'security_lake', sqsName: 'AmazonSecurityLake-queue', externalId: 'ext-42',
        iamRoleArn: 'arn:aws:iam::123456789012:role/lake', iamRoleDuration: 3600, awsProfile: 'lake',
        stsEndpoint: 'http://localhost:5000', serviceEndpoint: 'http://localhost:5000',
      },
      {
        kind: 'subscriber', type: 'buckets', sqsName: 'bucket_events',
        discardRegex: { field: 'x.y', pattern: 'z', regex: /(?<![\s\S])(?:z)/ },
      },
      {
        kind: 'subscriber', type: 'security_hub', sqsName: 'hub-findings',
        discardRegex: { pattern: '(?i)low', regex: /(?<![\s\S])(?:low)/i },
      },
    ],
  });
  assert.deepEqual(config.warnings, []);
});

test('a real ossec.conf with other sections, comments, entities and several <ossec_config> roots', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Wazuh - Manager - Default configuration -->
<ossec_config>
  <global>
    <jsonout_output>yes</jsonout_output>
    <alerts_log>yes</alerts_log>
    <logall>no</logall>
    <logall_json>yes</logall_json>
    <email_notification>no</email_notification>
  </global>
  <alerts><log_alert_level>4</log_alert_level><email_alert_level>12</email_alert_level><use_geoip>no</use_geoip></alerts>
  <ruleset>
    <decoder_dir>ruleset/decoders</decoder_dir>
    <rule_dir>ruleset/rules</rule_dir>
    <rule_exclude>0215-policy_rules.xml</rule_exclude>
    <list>etc/lists/audit-keys</list>
    <list>etc/lists/amazon/aws-eventnames</list>
    <decoder_dir>etc/decoders</decoder_dir>
    <rule_dir>etc/rules</rule_dir>
    <rule_include>/opt/rules/extra_aws.xml</rule_include>
  </ruleset>
  <remote><connection>secure</connection><port>1514</port></remote>
  <syscheck><directories check_all="yes">/etc,/usr/bin</directories><frequency>43200</frequency></syscheck>
  <wodle name="syscollector"><disabled>no</disabled><interval>1h</interval></wodle>
  <!-- <wodle name="aws-s3"><bucket type="bogus"/></wodle> -->
</ossec_config>

<ossec_config>
  <wodle name="cis-cat"><disabled>yes</disabled></wodle>
  <wodle name="aws-s3">
    <bucket type="custom">
      <name>acme-logs</name>
      <aws_account_alias>R&amp;D &#x26; &lt;ops&gt;</aws_account_alias>
    </bucket>
  </wodle>
  <localfile><log_format>syslog</log_format><location>/var/log/auth.log</location></localfile>
</ossec_config>
<ossec_config>
  <wodle name="aws-s3"><interval>15</interval><service type="cloudwatchlogs"><aws_log_groups>g</aws_log_groups></service></wodle>
</ossec_config>
`;
  assert.deepEqual(parseConfig(xml, { file: '/var/ossec/etc/ossec.conf' }), {
    file: '/var/ossec/etc/ossec.conf',
    wodles: [
      {
        index: 1, disabled: false, interval: 600, runOnStart: true, skipOnError: false,
        buckets: [{ kind: 'bucket', type: 'custom', name: 'acme-logs', ...plainBucket, awsAccountAlias: 'R&D & <ops>' }],
        services: [], subscribers: [],
      },
      {
        index: 2, disabled: false, interval: 15, runOnStart: true, skipOnError: false, buckets: [],
        services: [{ kind: 'service', type: 'cloudwatchlogs', awsAccountAlias: '', awsLogGroups: ['g'], removeLogStreams: false }],
        subscribers: [],
      },
    ],
    logAllJson: true,
    alerts: { logAlertLevel: 4, emailAlertLevel: 12 },
    ruleset: {
      home: '/var/ossec', ruleDirs: ['/var/ossec/etc/rules'], ruleFiles: ['/opt/rules/extra_aws.xml'], excludedFiles: ['0215-policy_rules.xml'],
      lists: ['/var/ossec/etc/lists/audit-keys', '/var/ossec/etc/lists/amazon/aws-eventnames'],
    },
    warnings: [],
  });
});

test('a bad <alerts> level and an unknown <ruleset> element are reported', () => {
  assert.throws(() => parseConfig('<ossec_config><alerts><log_alert_level>17</log_alert_level></alerts><ruleset><rule_dirs>x</rule_dirs></ruleset></ossec_config>'), {
    code: 'CONFIG_INVALID',
    message: [
      '2 configuration problems:',
      "  - <alerts>: <log_alert_level> '17' is not a rule level (expected a whole number from 0 to 16)",
      '  - <ruleset>: unknown element <rule_dirs> (expected one of <rule_dir>, <rule_include>, <rule_exclude>, <list>, <decoder_dir>, <decoder_include>, <decoder_exclude>)',
    ].join('\n'),
  });
});

test('a file without any aws-s3 wodle gives an empty configuration', () => {
  assert.deepEqual(parseConfig('<ossec_config><global><logall_json>no</logall_json></global></ossec_config>'),
    { wodles: [], logAllJson: false, alerts: { logAlertLevel: 3, emailAlertLevel: 12 }, ruleset: { home: process.cwd(), ruleDirs: [], ruleFiles: [], excludedFiles: [], lists: [] }, warnings: [] });
});

test('GovCloud and China regions are accepted; a plausible unknown region passes with a warning', () => {
  const config = parseConfig(wodle(`<bucket type="cloudtrail"><name>acme-trail</name>
    <regions>us-gov-east-1,us-gov-west-1,cn-north-1,cn-northwest-1,ap-southeast-7,mx-central-1,zz-moon-1</regions></bucket>`));
  assert.deepEqual(config.wodles[0]!.buckets[0]!.regions,
    ['ap-southeast-7', 'cn-north-1', 'cn-northwest-1', 'mx-central-1', 'us-gov-east-1', 'us-gov-west-1', 'zz-moon-1']);
  assert.deepEqual(config.warnings, [
    "wodle #1 (aws-s3), bucket #1 (cloudtrail 'acme-trail'): <regions> region 'zz-moon-1' is not a region awsmon knows; used as given",
  ]);
});

test('interval units: bare seconds, s, m, h, d, w, M (30 days), and the 10m default', () => {
  const intervals = ['45', '45s', '5m', '2h', '1d', '1w', '1M', undefined].map((v) => parseConfig(wodle(
    `${v === undefined ? '' : `<interval>${v}</interval>`}<bucket type="waf"><name>acme-waf</name></bucket>`,
  )).wodles[0]!.interval);
  assert.deepEqual(intervals, [45, 45, 300, 7200, 86_400, 604_800, 2_592_000, 600]);
});

test('scheduling tags day, wday and time are stored and set the default interval', () => {
  const read = (tags: string) => {
    const w = parseConfig(wodle(`${tags}<bucket type="waf"><name>acme-waf</name></bucket>`)).wodles[0]!;
    return [w.interval, w.day, w.wday, w.time];
  };
  assert.deepEqual(read('<day>15</day><time>3:05</time>'), [2_592_000, 15, undefined, '03:05']);
  assert.deepEqual(read('<wday>Fri</wday><interval>2w</interval>'), [1_209_600, undefined, 'friday', undefined]);
  assert.deepEqual(read('<time>23:59</time>'), [86_400, undefined, undefined, '23:59']);
});

test('the legacy form becomes one cloudtrail bucket with alias LEGACY and a deprecation warning', () => {
  const config = parseConfig(wodle(`<bucket>old-trail</bucket><remove_from_bucket>yes</remove_from_bucket>
    <access_key>AKIAEXAMPLEKEYID0001</access_key><secret_key>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</secret_key>`));
  assert.deepEqual(config.wodles[0]!.buckets, [{
    kind: 'bucket', type: 'cloudtrail', name: 'old-trail', awsAccountAlias: 'LEGACY', path: '', pathSuffix: '',
    removeFromBucket: true, accessKey: 'AKIAEXAMPLEKEYID0001', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  }]);
  assert.deepEqual(config.warnings, [
    'wodle #1 (aws-s3): <bucket>old-trail</bucket> without a type is deprecated (use <bucket type="cloudtrail"><name>old-trail</name></bucket>)',
    'wodle #1 (aws-s3): <access_key> and <secret_key> are deprecated (use <aws_profile> or <iam_role_arn> instead)',
  ]);
});

test('deprecated access_key/secret_key give a warning that never holds the secret', () => {
  const config = parseConfig(wodle(`<bucket type="guardduty"><name>acme-gd</name>
    <access_key>AKIAEXAMPLEKEYID0001</access_key><secret_key>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</secret_key></bucket>`));
  assert.deepEqual(config.warnings, [
    "wodle #1 (aws-s3), bucket #1 (guardduty 'acme-gd'): <access_key> and <secret_key> are deprecated (use <aws_profile> or <iam_role_arn> instead)",
  ]);
  assert.equal(config.wodles[0]!.buckets[0]!.secretKey, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
});

test('loadConfig reads a file and names it; an unreadable file is CONFIG_FILE_UNREADABLE', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-config-'));
  try {
    const file = join(dir, 'ossec.conf');
    await writeFile(file, ISSUE_EXAMPLE);
    const config = await loadConfig(file);
    assert.equal(config.file, file);
    assert.equal(config.wodles.length, 2);
    const missing = join(dir, 'nope.conf');
    await assert.rejects(loadConfig(missing), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'CONFIG_FILE_UNREADABLE');
      assert.deepEqual(err.problems, [`cannot read the configuration file '${missing}': it does not exist`]);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
