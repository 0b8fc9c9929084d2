/** The validated, frozen configuration. Produced only by `loadConfig` / `parseConfig`. */

export const BUCKET_TYPES = [
  'cloudtrail', 'config', 'vpcflow', 'guardduty', 'custom', 'waf', 'alb', 'clb', 'nlb', 'server_access', 'cisco_umbrella',
] as const;
export type BucketType = (typeof BUCKET_TYPES)[number];

export const SERVICE_TYPES = ['inspector', 'cloudwatchlogs'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SUBSCRIBER_TYPES = ['security_lake', 'buckets', 'security_hub'] as const;
export type SubscriberType = (typeof SUBSCRIBER_TYPES)[number];

/** `<discard_regex field="a.b">pattern</discard_regex>`; `field` is optional only where Wazuh allows. */
export interface DiscardRegex {
  field?: string | undefined;
  pattern: string;
  regex: RegExp;
}

/** How to obtain AWS credentials; shared by buckets, services and subscribers. */
export interface AuthOptions {
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  awsProfile?: string | undefined;
  iamRoleArn?: string | undefined;
  /** Seconds, 900–3600; only with `iamRoleArn`. */
  iamRoleDuration?: number | undefined;
  externalId?: string | undefined;
  stsEndpoint?: string | undefined;
  serviceEndpoint?: string | undefined;
  /** Shared credentials file for `awsProfile`; the SDK default (`~/.aws/credentials`) when absent. */
  credentialsFile?: string | undefined;
  /** Shared config file for `awsProfile`; the SDK default (`~/.aws/config`) when absent. */
  configFile?: string | undefined;
}

export interface BucketConfig extends AuthOptions {
  kind: 'bucket';
  type: BucketType;
  name: string;
  awsAccountIds?: readonly string[] | undefined;
  awsAccountAlias: string;
  awsOrganizationId?: string | undefined;
  /** Normalised with a trailing `/`, or '' when absent. */
  path: string;
  /** Normalised with a trailing `/`, or '' when absent. */
  pathSuffix: string;
  /** UTC date `YYYY-MM-DD`, from `YYYY-MMM-DD`. */
  onlyLogsAfter?: string | undefined;
  regions?: readonly string[] | undefined;
  discardRegex?: DiscardRegex | undefined;
  removeFromBucket: boolean;
}

export interface ServiceConfig extends AuthOptions {
  kind: 'service';
  type: ServiceType;
  awsAccountIds?: readonly string[] | undefined;
  awsAccountAlias: string;
  onlyLogsAfter?: string | undefined;
  regions?: readonly string[] | undefined;
  awsLogGroups?: readonly string[] | undefined;
  removeLogStreams: boolean;
  discardRegex?: DiscardRegex | undefined;
}

export interface SubscriberConfig extends AuthOptions {
  kind: 'subscriber';
  type: SubscriberType;
  sqsName: string;
  discardRegex?: DiscardRegex | undefined;
}

/** One `<wodle name="aws-s3">` block. `index` is its 1-based position, used in messages. */
export interface WodleConfig {
  index: number;
  disabled: boolean;
  /** Seconds between run starts. */
  interval: number;
  runOnStart: boolean;
  skipOnError: boolean;
  /** Scheduler `<day>`: run on this day of the month (1–31); `interval` is then a whole number of months. */
  day?: number | undefined;
  /** Scheduler `<wday>`: run on this weekday (full lowercase name); `interval` is then a whole number of weeks. */
  wday?: 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | undefined;
  /** Scheduler `<time>`: run at this local time, `HH:MM`; `interval` is then a whole number of days. */
  time?: string | undefined;
  buckets: readonly BucketConfig[];
  services: readonly ServiceConfig[];
  subscribers: readonly SubscriberConfig[];
}

/** `<alerts>`: from which level an alert is written, and from which `rule.mail` is true. */
export interface AlertLevels {
  logAlertLevel: number;
  emailAlertLevel: number;
}

/** `<ruleset>`: the user's rules and lists, loaded after awsmon's shipped ruleset. */
export interface RulesetConfig {
  /** The Wazuh home the relative paths were resolved against (and list paths in rules resolve against). */
  home: string;
  ruleDirs: string[];
  /** `<rule_include>` files. */
  ruleFiles: string[];
  /** `<rule_exclude>` file names, not loaded from any directory. */
  excludedFiles: string[];
  /** `<list>` files. */
  lists: string[];
}

export interface AwsmonConfig {
  /** The file it was read from, when any. */
  file?: string | undefined;
  wodles: readonly WodleConfig[];
  /** `<global><logall_json>yes</logall_json></global>`. */
  logAllJson: boolean;
  /** `<alerts>`, Wazuh's defaults when absent. */
  alerts: AlertLevels;
  /** `<ruleset>`, empty lists when absent. */
  ruleset: RulesetConfig;
  /** Warnings to show the user (deprecated options and the like). */
  warnings: readonly string[];
}
