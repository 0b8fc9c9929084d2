/**
 * The AWS regions awsmon knows. Wazuh hard-codes 33 commercial regions and so rejects GovCloud and
 * newer regions; awsmon accepts every current commercial region, GovCloud and China, and lets a
 * plausible unknown name through with a warning so a region launched after this list still works.
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const AWS_REGIONS: readonly string[] = Object.freeze([
  // Commercial
  'af-south-1',
  'ap-east-1', 'ap-east-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2',
  'eu-north-1',
  'eu-south-1', 'eu-south-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1',
  'me-central-1', 'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  // GovCloud (US)
  'us-gov-east-1', 'us-gov-west-1',
  // China
  'cn-north-1', 'cn-northwest-1',
]);

const KNOWN = new Set(AWS_REGIONS);
const PLAUSIBLE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/** Classifies a region name: a known region, a well-formed name awsmon does not know, or not a region. */
export function classifyRegion(name: string): 'known' | 'unknown' | 'invalid' {
  if (KNOWN.has(name)) return 'known';
  return PLAUSIBLE.test(name) ? 'unknown' : 'invalid';
}
