import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './index.ts';
import { ConfigError } from '../core/errors.ts';
import type { ErrorCode } from '../core/error-codes.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_ID = 'AKIAEXAMPLEKEYID0001';

/** Parses, expecting a ConfigError; returns its problems after checking the code. */
function problems(xml: string, code: ErrorCode = 'CONFIG_INVALID', file?: string): readonly string[] {
  try {
    parseConfig(xml, file === undefined ? {} : { file });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.code, code);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

const wodle = (body: string): string => `<ossec_config><wodle name="aws-s3">${body}</wodle></ossec_config>`;
const B = "wodle #1 (aws-s3), bucket #1 (cloudtrail 'acme-trail')";

test('every bad bucket option is reported at once, each with block, element, value and expectation', () => {
  assert.deepEqual(problems(`<ossec_config><global><logall_json>sure</logall_json></global></ossec_config>${wodle(`
    <bucket type="cloudtrail">
      <name>acme-trail</name>
      <regoins>us-east-1</regoins>
      <aws_account_id>123456789012,12345</aws_account_id>
      <aws_organization_id>org-1</aws_organization_id>
      <iam_role_arn>arn:aws:iam::123:role/x</iam_role_arn>
      <iam_role_duration>100</iam_role_duration>
      <path>logs/{x}</path>
      <only_logs_after>2018-08-21</only_logs_after>
      <regions>us-east-1,us-east-9x,EU-WEST-1</regions>
      <discard_regex field="a.b">([a-z]</discard_regex>
      <remove_from_bucket>true</remove_from_bucket>
      <sts_endpoint>not a host</sts_endpoint>
      <service_endpoint>ftp://example.com</service_endpoint>
      <aws_profile></aws_profile>
      <name>again</name>
    </bucket>`)}`), [
    "<global>: <logall_json> 'sure' is not a boolean (expected yes or no)",
    `${B}: unknown element <regoins> (did you mean <regions>?)`,
    `${B}: <name> appears more than once (expected it at most once)`,
    `${B}: <iam_role_arn> 'arn:aws:iam::123:role/x' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)`,
    `${B}: <iam_role_duration> '100' is out of range (expected an integer from 900 to 3600, and <iam_role_arn> set)`,
    `${B}: <aws_profile> is empty (expected a profile name from the AWS credentials or config file)`,
    `${B}: <sts_endpoint> 'not a host' is not a URL or host name (expected an http or https URL, or a host name such as sts.us-east-1.amazonaws.com)`,
    `${B}: <service_endpoint> 'ftp://example.com' uses 'ftp' (expected an http or https URL, or a host name such as sts.us-east-1.amazonaws.com)`,
    `${B}: <aws_account_id> '123456789012,12345' holds '12345', which is not a 12-digit AWS account id (expected comma-separated 12-digit AWS account ids, e.g. 123456789012)`,
    `${B}: <only_logs_after> '2018-08-21' is not a date (expected a date YYYY-MMM-DD, e.g. 2018-AUG-21)`,
    `${B}: <aws_organization_id> 'org-1' is not an AWS Organizations id (expected 'o-' and 10 to 32 lowercase letters or digits)`,
    `${B}: <path> 'logs/{x}' holds '{' (expected an S3 key prefix without any of \\ { } ^ % \` [ ] ' " < > ~ # | ;)`,
    `${B}: <regions> region 'EU-WEST-1' is not an AWS region (expected e.g. us-east-1)`,
    `${B}: <regions> region 'us-east-9x' is not an AWS region (expected e.g. us-east-1)`,
    `${B}: <discard_regex> '([a-z]' is not a valid regular expression (Unterminated group) (expected a regular expression, matched from the start of the value as Python re.match does)`,
    `${B}: <remove_from_bucket> 'true' is not a boolean (expected yes or no)`,
  ]);
});

test('bucket names, paths and dates are checked against S3 and calendar rules', () => {
  const bucket = (name: string, extra = '') => wodle(`<bucket type="alb"><name>${name}</name>${extra}</bucket>`);
  const expected = "3 to 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
  assert.deepEqual(problems(bucket('Acme_Trail')), [
    `wodle #1 (aws-s3), bucket #1 (alb 'Acme_Trail'): <name> 'Acme_Trail' is not a valid S3 bucket name (expected ${expected})`]);
  assert.deepEqual(problems(bucket('acme..trail')), [
    `wodle #1 (aws-s3), bucket #1 (alb 'acme..trail'): <name> 'acme..trail' holds '..', which S3 bucket names may not (expected ${expected})`]);
  assert.deepEqual(problems(bucket('xn--acme')), [
    `wodle #1 (aws-s3), bucket #1 (alb 'xn--acme'): <name> 'xn--acme' starts with 'xn--', which S3 reserves (expected ${expected})`]);
  assert.deepEqual(problems(bucket('acme-s3alias')), [
    `wodle #1 (aws-s3), bucket #1 (alb 'acme-s3alias'): <name> 'acme-s3alias' ends with '-s3alias', which S3 reserves (expected ${expected})`]);
  assert.deepEqual(problems(bucket('acme--ol-s3')), [
    `wodle #1 (aws-s3), bucket #1 (alb 'acme--ol-s3'): <name> 'acme--ol-s3' ends with '--ol-s3', which S3 reserves (expected ${expected})`]);
  assert.deepEqual(problems(bucket('acme-lb', '<path>/AWSLogs/lb</path><only_logs_after>2023-FEB-29</only_logs_after>')), [
    "wodle #1 (aws-s3), bucket #1 (alb 'acme-lb'): <only_logs_after> '2023-FEB-29' is not a calendar date (expected a date YYYY-MMM-DD, e.g. 2018-AUG-21)",
    "wodle #1 (aws-s3), bucket #1 (alb 'acme-lb'): <path> '/AWSLogs/lb' starts with '/', but S3 keys never do (expected 'AWSLogs/lb/')",
  ]);
  assert.deepEqual(problems(wodle('<bucket type="nlb"><aws_profile>p</aws_profile></bucket>')), [
    'wodle #1 (aws-s3), bucket #1 (nlb): <name> is missing (expected the name of the S3 bucket)']);
});

test('bad types, missing discard_regex fields and service/subscriber rules are reported', () => {
  const all = 'cloudtrail, config, vpcflow, guardduty, custom, waf, alb, clb, nlb, server_access, cisco_umbrella';
  assert.deepEqual(problems(wodle(`
    <bucket type="cloudtrial"><name>a-b-c</name></bucket>
    <bucket><name>untyped</name></bucket>
    <bucket type="config"><name>acme-config</name><discard_regex>x</discard_regex></bucket>
    <service type="cloudwatch"/>
    <service type="cloudwatchlogs"><aws_log_groups> , </aws_log_groups><external_id>e</external_id></service>
    <service type="inspector"><discard_regex>x</discard_regex><remove_log_streams>yes</remove_log_streams></service>
    <subscriber type="security_lake"><discard_regex field="a">x</discard_regex></subscriber>
    <subscriber type="buckets"><sqs_name>bad queue!</sqs_name><access_key>${KEY_ID}</access_key><discard_regex field="">x</discard_regex></subscriber>`)), [
    `wodle #1 (aws-s3), bucket #1: type 'cloudtrial' is not a bucket type (expected one of ${all}; did you mean 'cloudtrail'?)`,
    `wodle #1 (aws-s3), bucket #2: the type attribute is missing (expected one of ${all})`,
    "wodle #1 (aws-s3), bucket #3 (config 'acme-config'): <discard_regex> has no field attribute, which buckets need (expected e.g. <discard_regex field=\"data.source\">)",
    "wodle #1 (aws-s3), service #1: type 'cloudwatch' is not a service type (expected one of inspector, cloudwatchlogs; did you mean 'cloudwatchlogs'?)",
    'wodle #1 (aws-s3), service #2 (cloudwatchlogs): unknown element <external_id> (expected one of <aws_account_id>, <aws_account_alias>, <access_key>, <secret_key>, <aws_profile>, <iam_role_arn>, <iam_role_duration>, <sts_endpoint>, <service_endpoint>, <only_logs_after>, <regions>, <aws_log_groups>, <remove_log_streams>, <discard_regex>)',
    "wodle #1 (aws-s3), service #2 (cloudwatchlogs): <aws_log_groups> ',' holds no log group (expected comma-separated log group names, e.g. /aws/lambda/my-function)",
    'wodle #1 (aws-s3), service #3 (inspector): <discard_regex> has no field attribute, which inspector services need (expected e.g. <discard_regex field="data.source">)',
    'wodle #1 (aws-s3), subscriber #1 (security_lake): <sqs_name> is missing (expected the name of the SQS queue)',
    'wodle #1 (aws-s3), subscriber #1 (security_lake): <iam_role_arn> is missing (expected the role Security Lake created for this subscriber, which security_lake needs)',
    'wodle #1 (aws-s3), subscriber #1 (security_lake): <external_id> is missing (expected the external id of the Security Lake subscriber, which security_lake needs)',
    'wodle #1 (aws-s3), subscriber #1 (security_lake): <discard_regex> is not supported by security_lake subscribers (expected no <discard_regex>)',
    "wodle #1 (aws-s3), subscriber #2 (buckets 'bad queue!'): unknown element <access_key> (expected one of <sqs_name>, <external_id>, <iam_role_arn>, <iam_role_duration>, <aws_profile>, <sts_endpoint>, <service_endpoint>, <discard_regex>)",
    "wodle #1 (aws-s3), subscriber #2 (buckets 'bad queue!'): <sqs_name> 'bad queue!' is not an SQS queue name (expected 1 to 80 letters, digits, '-' or '_')",
    "wodle #1 (aws-s3), subscriber #2 (buckets 'bad queue!'): <discard_regex> has an empty field attribute, which buckets subscribers need (expected e.g. <discard_regex field=\"data.source\">)",
  ]);
});

test('wodle options: booleans only yes/no, interval > 0 with a unit, schedule tags, at least one source', () => {
  assert.deepEqual(problems(`<ossec_config>
    <wodle name="aws-s3"><disabled>No</disabled><run_on_start>1</run_on_start><skip_on_error/><interval>0m</interval><bucket type="waf"><name>acme-waf</name></bucket></wodle>
    <wodle name="aws-s3"><interval>10 min</interval><day>32</day><wday>funday</wday><time>24:00</time><intervals>1</intervals></wodle>
    <wodle name="aws-s3"><day>1</day><wday>mon</wday><interval>1w</interval><service type="inspector"/></wodle>
    <wodle name="aws-s3"><remove_from_bucket>yes</remove_from_bucket><bucket type="waf"><name>acme-waf</name></bucket><bucket>a-b-c</bucket><bucket>d-e-f</bucket></wodle>
    <wodle name="aws-s3"><remove_from_bucket>yes</remove_from_bucket><bucket type="waf"><name>acme-waf</name></bucket></wodle>
  </ossec_config>`), [
    "wodle #1 (aws-s3): <disabled> 'No' is not a boolean (expected yes or no)",
    "wodle #1 (aws-s3): <interval> '0m' is not greater than zero (expected a positive number with an optional unit s, m, h, d, w or M, e.g. 10m)",
    "wodle #1 (aws-s3): <run_on_start> '1' is not a boolean (expected yes or no)",
    'wodle #1 (aws-s3): <skip_on_error> is empty (expected yes or no)',
    'wodle #2 (aws-s3): unknown element <intervals> (did you mean <interval>?)',
    'wodle #2 (aws-s3): it has no <bucket>, <service> or <subscriber> (expected at least one)',
    "wodle #2 (aws-s3): <day> '32' is not a day of the month (expected a number from 1 to 31)",
    "wodle #2 (aws-s3): <wday> 'funday' is not a weekday (expected monday to sunday)",
    "wodle #2 (aws-s3): <time> '24:00' is not a time of day (expected HH:MM, e.g. 02:30)",
    'wodle #2 (aws-s3): <day> and <wday> are both set (expected at most one of them)',
    "wodle #2 (aws-s3): <interval> '10 min' is not an interval (expected a positive number with an optional unit s, m, h, d, w or M, e.g. 10m)",
    'wodle #3 (aws-s3): <day> and <wday> are both set (expected at most one of them)',
    "wodle #3 (aws-s3): <interval> '1w' is not a whole number of months, which <day> needs (expected e.g. 1M)",
    'wodle #4 (aws-s3), bucket #3: a second typeless <bucket>NAME</bucket> (expected at most one; use <bucket type="cloudtrail"> for more)',
    'wodle #5 (aws-s3): <remove_from_bucket> directly in the wodle only applies to a typeless <bucket>NAME</bucket> (expected it inside <bucket type="...">)',
  ]);
});

test('secrets never appear in problems or warnings, whatever is wrong with them', () => {
  const found = problems(`<ossec_config>
    <wodle name="aws-s3"><secret_key>${SECRET}</secret_key><bucket type="waf"><name>acme-waf</name></bucket></wodle>
    <wodle name="aws-s3"><bucket type="waf"><name>acme-waf</name><secret_key>${SECRET}</secret_key><secret_key>${SECRET}x</secret_key></bucket></wodle>
    <wodle name="aws-s3"><bucket type="waf"><name>acme-waf</name><access_key>${KEY_ID}</access_key><secret_key><v>${SECRET}</v></secret_key></bucket></wodle>
    <wodle name="aws-s3"><bucket type="waf"><name>acme-waf</name><access_key>${KEY_ID}</access_key><secret_key></secret_key></bucket></wodle>
    <wodle name="aws-s3"><subscriber type="buckets"><sqs_name>q</sqs_name><secret_key>${SECRET}</secret_key></subscriber></wodle>
  </ossec_config>`);
  assert.deepEqual(found, [
    'wodle #1 (aws-s3): <secret_key> directly in the wodle only applies to a typeless <bucket>NAME</bucket> (expected it inside <bucket type="...">)',
    "wodle #2 (aws-s3), bucket #1 (waf 'acme-waf'): <secret_key> appears more than once (expected it at most once)",
    "wodle #2 (aws-s3), bucket #1 (waf 'acme-waf'): <secret_key> is set without <access_key> (expected both or neither)",
    "wodle #3 (aws-s3), bucket #1 (waf 'acme-waf'): <secret_key> holds child elements (expected a plain value)",
    "wodle #4 (aws-s3), bucket #1 (waf 'acme-waf'): <secret_key> is empty (expected the key, or better <aws_profile> or <iam_role_arn>)",
    "wodle #5 (aws-s3), subscriber #1 (buckets 'q'): unknown element <secret_key> (expected one of <sqs_name>, <external_id>, <iam_role_arn>, <iam_role_duration>, <aws_profile>, <sts_endpoint>, <service_endpoint>, <discard_regex>)",
  ]);
  for (const p of found) {
    assert.ok(!p.includes(SECRET.slice(0, 8)) && !p.includes(KEY_ID), p);
  }
});

test('problems carry the file name when one is given', () => {
  assert.deepEqual(problems(wodle('<disabled>maybe</disabled><bucket type="waf"><name>acme-waf</name></bucket>'), 'CONFIG_INVALID', '/var/ossec/etc/ossec.conf'), [
    "/var/ossec/etc/ossec.conf: wodle #1 (aws-s3): <disabled> 'maybe' is not a boolean (expected yes or no)",
  ]);
  assert.deepEqual(problems('<global/>', 'CONFIG_INVALID', 'x.conf'), [
    'x.conf: no <ossec_config> element found (expected <ossec_config> around the configuration)',
  ]);
});

test('malformed XML is CONFIG_XML_SYNTAX with the line and column in the user\'s file', () => {
  assert.deepEqual(problems('<ossec_config>\n  <global>\n    <logall_json>yes</logall_json>\n</ossec_config>', 'CONFIG_XML_SYNTAX'), [
    "line 4, column 1: Expected closing tag 'global' (opened in line 2, col 3) instead of closing tag 'ossec_config'.",
  ]);
  assert.deepEqual(problems('<ossec_config><a><b></a></ossec_config>', 'CONFIG_XML_SYNTAX', 'o.conf'), [
    "o.conf: line 1, column 21: Expected closing tag 'b' (opened in line 1, col 18) instead of closing tag 'a'.",
  ]);
  assert.deepEqual(problems('<?xml version="1.0"?>\n<ossec_config>\n  <wodle name="aws-s3">\n', 'CONFIG_XML_SYNTAX'), [
    'line 4, column 1: the file ends before <wodle> (opened in line 3, col 3) is closed',
  ]);
  assert.deepEqual(problems('<ossec_config></ossec_config>\n  </ossec_config>', 'CONFIG_XML_SYNTAX'), [
    'line 2, column 3: </ossec_config> closes a tag that is not open',
  ]);
  assert.deepEqual(problems('<ossec_config><a x="1" x="2"/></ossec_config>', 'CONFIG_XML_SYNTAX'), [
    "line 1, column 24: Attribute 'x' is repeated.",
  ]);
});
