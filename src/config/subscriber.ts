import { SUBSCRIBER_TYPES, type SubscriberConfig, type SubscriberType } from './types.ts';
import { checkType, compact, Section, type Collector } from './section.ts';
import { readAuth, readDiscardRegex } from './common.ts';
import { checkSqsName } from './validators.ts';
import type { XmlElement } from './xml.ts';

const SUBSCRIBER_OPTIONS = [
  'sqs_name', 'external_id', 'iam_role_arn', 'iam_role_duration', 'aws_profile', 'sts_endpoint', 'service_endpoint', 'discard_regex',
];

/** Builds one `<subscriber type="security_lake|buckets|security_hub">`; undefined when its type is unusable. */
export function buildSubscriber(out: Collector, parentLabel: string, n: number, el: XmlElement): SubscriberConfig | undefined {
  const type = checkType<SubscriberType>(out, `${parentLabel}, subscriber #${n}`, el, SUBSCRIBER_TYPES, 'subscriber');
  if (type === undefined) return undefined;
  const rawQueue = el.children.find((c) => c.name === 'sqs_name')?.text ?? '';
  const sec = new Section(out, `${parentLabel}, subscriber #${n} (${type}${rawQueue === '' ? '' : ` '${rawQueue}'`})`, el, SUBSCRIBER_OPTIONS);
  const sqsName = sec.read('sqs_name', checkSqsName);
  if (!sec.has('sqs_name')) sec.missing('sqs_name', 'the name of the SQS queue');
  if (type === 'security_lake') {
    // Security Lake is always read through a role in the Security Lake account, with its external id.
    if (!sec.has('iam_role_arn')) sec.missing('iam_role_arn', 'the role Security Lake created for this subscriber, which security_lake needs');
    if (!sec.has('external_id')) sec.missing('external_id', 'the external id of the Security Lake subscriber, which security_lake needs');
  }
  return compact<SubscriberConfig>({
    kind: 'subscriber',
    type,
    sqsName: sqsName ?? rawQueue,
    ...readAuth(sec),
    discardRegex: readDiscardRegex(sec, type === 'security_lake' ? 'forbidden' : 'optional', `${type} subscribers`),
  });
}
