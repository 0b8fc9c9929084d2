import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALB_ACCESS, ALB_CONNECTION, CLB_ACCESS, NLB_ACCESS, splitElbLine } from '../formats/index.ts';
import type { ElbLogFormat } from '../formats/index.ts';
import { createElbEventBuilder, splitAddress } from './index.ts';
import type { ElbSource, EventContext } from './index.ts';
import { albConnectionLine, albLine, clbLine, nlbLine } from '../../test/fixtures/load-balancers.ts';

const ctx: EventContext = { bucket: 'lb-logs', key: 'k.log.gz', accountAlias: 'prod', accountId: '111122223333', region: 'us-east-1' };
const INFO = '"log_info":{"aws_account_alias":"prod","log_file":"k.log.gz","s3bucket":"lb-logs"}';

function event(source: ElbSource, format: ElbLogFormat, line: string, connection = false) {
  const values = splitElbLine(line);
  assert.ok(Array.isArray(values));
  return createElbEventBuilder(source, format, ctx, { connection })(values)!;
}

test('ALB: every field in order, source, then client_ip, target_ip, target_ip_list', () => {
  const { message, columns } = event('alb', ALB_ACCESS, albLine());
  assert.equal(JSON.stringify(message), `{"integration":"aws","aws":{${INFO},"type":"https","time":"2024-03-05T10:00:01.123456Z","elb":"app/shop-lb/50dc6c495c0c9188",`
    + '"client_port":"51234","target_port":"8080","request_processing_time":"0.001","target_processing_time":"0.020","response_processing_time":"0.000",'
    + '"elb_status_code":"200","target_status_code":"200","received_bytes":"512","sent_bytes":"2048","request":"GET https://shop.example.com:443/cart?id=1 HTTP/1.1",'
    + '"user_agent":"Mozilla/5.0 (X11; Linux x86_64)","ssl_cipher":"ECDHE-RSA-AES128-GCM-SHA256","ssl_protocol":"TLSv1.2",'
    + '"target_group_arn":"arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/73e2d6bc24d8a067","trace_id":"Root=1-65e6ee01-0a1b2c3d4e5f60718293a4b5",'
    + '"domain_name":"shop.example.com","chosen_cert_arn":"arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012","matched_rule_priority":"1",'
    + '"request_creation_time":"2024-03-05T10:00:01.100000Z","action_executed":"waf,forward","redirect_url":"-","error_reason":"-","target_port_list":"8080",'
    + '"target_status_code_list":"200","classification":"-","classification_reason":"-","conn_trace_id":"TID_0a1b2c3d4e5f60718293a4b5c6d7e8f9",'
    + '"transformed_host":"-","transformed_uri":"-","request_transform_status":"OriginalRetrieved",'
    + '"source":"alb","client_ip":"203.0.113.10","target_ip":"10.0.1.20","target_ip_list":"10.0.1.20"}}');
  assert.deepEqual(columns, {
    time: Date.UTC(2024, 2, 5, 10, 0, 1, 123), source: 'alb', account: '111122223333', region: 'us-east-1', bucket: 'lb-logs', key: 'k.log.gz',
    srcIp: '203.0.113.10', dstIp: '10.0.1.20', srcPort: 51234, dstPort: 8080, protocol: 6, action: '200', eventName: 'GET', user: undefined, bytes: 2560, packets: undefined,
  });
});

test('ALB: "-" targets stay as they are, several targets are split item by item, IPv6 stays whole, unknown trailing fields are kept', () => {
  const failed = event('alb', ALB_ACCESS, albLine({ target: '-', status: '460', extra: '"future"' })).message.aws;
  assert.deepEqual([failed['target_port'], failed['target_ip'], failed['target_port_list'], failed['target_ip_list'], failed['extra_fields']], ['-', undefined, '-', undefined, 'future']);
  const line = albLine({ client: '[2001:db8::7]:443' }).replace('"10.0.1.20:8080" "200"', '"10.0.1.20:8080 10.0.1.21:8081" "200 502"');
  const aws = event('alb', ALB_ACCESS, `${line} a b`).message.aws;
  assert.deepEqual([aws['client_ip'], aws['client_port'], aws['target_port_list'], aws['target_ip_list'], aws['extra_fields']], ['2001:db8::7', '443', '8080 8081', '10.0.1.20 10.0.1.21', ['a', 'b']]);
});

test('ALB: an entry of the 2016 format has only its fields', () => {
  const old = (splitElbLine(albLine()) as string[]).slice(0, 18);
  const aws = createElbEventBuilder('alb', ALB_ACCESS, ctx)(old)!.message.aws;
  assert.equal(Object.keys(aws).at(-4), 'trace_id');
  assert.deepEqual(Object.keys(aws).slice(-3), ['source', 'client_ip', 'target_ip']);
});

test('ALB connection log: its own fields, source alb, log_type connection', () => {
  const { message, columns } = event('alb', ALB_CONNECTION, albConnectionLine(), true);
  assert.equal(JSON.stringify(message), `{"integration":"aws","aws":{${INFO},"time":"2024-03-05T10:00:00.900000Z","client_ip":"203.0.113.10","client_port":"51234",`
    + '"listener_port":"443","tls_protocol":"TLSv1.3","tls_cipher":"TLS_AES_128_GCM_SHA256","tls_handshake_latency":"2.5","leaf_client_cert_subject":"CN=client.example.com",'
    + '"leaf_client_cert_validity":"NotAfter=2025-01-01T00:00:00Z","leaf_client_cert_serial_number":"0A1B2C","tls_verify_status":"Success",'
    + '"conn_trace_id":"TID_0a1b2c3d4e5f60718293a4b5c6d7e8f9","source":"alb","log_type":"connection"}}');
  assert.deepEqual([columns.srcIp, columns.srcPort, columns.dstPort, columns.action], ['203.0.113.10', 51234, 443, 'Success']);
});

test('CLB: 15 fields, source clb, ip:port values not split (as Wazuh); the columns still split them', () => {
  const { message, columns } = event('clb', CLB_ACCESS, clbLine());
  assert.equal(JSON.stringify(message), `{"integration":"aws","aws":{${INFO},"time":"2024-03-05T10:00:02.500000Z","elb":"legacy-web","client_port":"198.51.100.7:40123",`
    + '"backend_port":"10.0.2.30:80","request_processing_time":"0.000073","backend_processing_time":"0.001048","response_processing_time":"0.000057",'
    + '"elb_status_code":"503","backend_status_code":"-","received_bytes":"0","sent_bytes":"57","request":"GET http://legacy.example.com:80/login HTTP/1.1",'
    + '"user_agent":"curl/8.5.0","ssl_cipher":"-","ssl_protocol":"-","source":"clb"}}');
  assert.deepEqual([columns.srcIp, columns.srcPort, columns.dstIp, columns.dstPort, columns.action, columns.bytes], ['198.51.100.7', 40123, '10.0.2.30', 80, '503', 57]);
});

test('NLB: alpn_be_protocol in its place, then the client preference list (csv reading of `"h2","http/1.1"`); client_ip and destination_ip after source', () => {
  const { message, columns } = event('nlb', NLB_ACCESS, nlbLine());
  assert.equal(JSON.stringify(message), `{"integration":"aws","aws":{${INFO},"type":"tls","version":"2.0","time":"2024-03-05T10:00:03","elb":"net/api-nlb/a1b2c3d4e5f60718",`
    + '"listener":"a1b2c3d4e5f60719","client_port":"60001","destination_port":"443","connection_time":"5012","tls_handshake_time":"45","received_bytes":"1500",'
    + '"sent_bytes":"6200","incoming_tls_alert":"-","chosen_cert_arn":"arn:aws:acm:us-east-1:111122223333:certificate/abcdefab-1234-1234-1234-abcdefabcdef",'
    + '"chosen_cert_serial":"01ab","tls_cipher":"TLS_AES_128_GCM_SHA256","tls_protocol_version":"tlsv13","tls_named_group":"x25519","domain_name":"api.example.com",'
    + '"alpn_fe_protocol":"h2","alpn_be_protocol":"h2","alpn_client_preference_list":"h2,\\"http/1.1\\"","tls_connection_creation_time":"2024-03-05T09:59:58",'
    + '"source":"nlb","client_ip":"192.0.2.44","destination_ip":"10.0.3.40"}}');
  assert.deepEqual([columns.time, columns.srcIp, columns.dstPort, columns.bytes, columns.action], [Date.UTC(2024, 2, 5, 10, 0, 3), '192.0.2.44', 443, 7700, undefined]);
  const odd = event('nlb', NLB_ACCESS, nlbLine('-')).message.aws;
  assert.deepEqual([odd['client_port'], odd['client_ip']], ['-', '-']);
});

test('CLB TCP listener entry: no request, no backend', () => {
  const line = '2015-05-13T23:39:43.945958Z web 192.168.131.39:2817 - 0.001065 0.000015 0.000023 - - 57 502 "- - - " "-" - -';
  const { message, columns } = event('clb', CLB_ACCESS, line);
  assert.deepEqual([message.aws['request'], message.aws['backend_port'], columns.eventName, columns.dstIp, columns.dstPort, columns.action, columns.bytes], ['- - - ', '-', undefined, undefined, undefined, undefined, 559]);
});

test('splitAddress splits at the last colon and drops IPv6 brackets', () => {
  assert.deepEqual(splitAddress('10.0.0.1:80'), ['10.0.0.1', '80']);
  assert.deepEqual(splitAddress('[::1]:8080'), ['::1', '8080']);
  assert.deepEqual(splitAddress('-'), undefined);
  assert.deepEqual(splitAddress('10.0.0.1:'), undefined);
});

test('discard_regex drops entries by a field of the record', () => {
  const values = splitElbLine(clbLine()) as string[];
  const build = createElbEventBuilder('clb', CLB_ACCESS, ctx, { discard: { field: 'elb_status_code', regex: /5\d\d/ } });
  assert.equal(build(values), undefined);
  assert.ok(build(splitElbLine(clbLine(undefined, '200')) as string[]));
});
