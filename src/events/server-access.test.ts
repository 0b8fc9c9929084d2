import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAccessEvent, serverAccessTime } from './index.ts';

test('times with their offset', () => {
  assert.equal(serverAccessTime('06/Feb/2019:00:00:38 +0000'), Date.UTC(2019, 1, 6, 0, 0, 38));
  assert.equal(serverAccessTime('06/Feb/2019:02:00:38 +0200'), Date.UTC(2019, 1, 6, 0, 0, 38));
  assert.equal(serverAccessTime('06/Foo/2019:00:00:38 +0000'), undefined);
  assert.equal(serverAccessTime(undefined), undefined);
});

test('message: the fields as strings, - kept, then source; columns from the request and the key', () => {
  const fields = {
    bucket_owner: 'owner', bucket: 'media', time: '06/Feb/2019:00:00:38 +0000', remote_ip: '192.0.2.3', requester: 'arn:aws:iam::111122223333:user/carol',
    request_id: 'R1', operation: 'REST.GET.OBJECT', key: 'a.jpg', request_uri: 'GET /media/a.jpg HTTP/1.1', http_status: '403', error_code: 'AccessDenied',
    bytes_sent: '-', object_sent: '-',
  };
  const ctx = { bucket: 'logs', key: '111122223333/us-east-1/media/2019/02/06/2019-02-06-00-00-38-ABC', accountAlias: '', accountId: '111122223333', region: 'us-east-1' };
  const { message, columns } = serverAccessEvent(fields, ctx);
  assert.equal(
    JSON.stringify(message),
    '{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"111122223333/us-east-1/media/2019/02/06/2019-02-06-00-00-38-ABC","s3bucket":"logs"},"bucket_owner":"owner","bucket":"media","time":"06/Feb/2019:00:00:38 +0000","remote_ip":"192.0.2.3","requester":"arn:aws:iam::111122223333:user/carol","request_id":"R1","operation":"REST.GET.OBJECT","key":"a.jpg","request_uri":"GET /media/a.jpg HTTP/1.1","http_status":"403","error_code":"AccessDenied","bytes_sent":"-","object_sent":"-","source":"s3_server_access"}}',
  );
  assert.deepEqual(columns, {
    time: Date.UTC(2019, 1, 6, 0, 0, 38), source: 's3_server_access', account: '111122223333', region: 'us-east-1', bucket: 'logs', key: ctx.key,
    srcIp: '192.0.2.3', dstIp: undefined, srcPort: undefined, dstPort: undefined, protocol: undefined, action: '403', eventName: 'REST.GET.OBJECT',
    user: 'carol', bytes: undefined, packets: undefined,
  });
});
