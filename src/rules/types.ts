/**
 * The public contract of the detection stage (issue 3): rulesets written in the Wazuh XML rule
 * language are loaded and compiled once, then every event is evaluated against the compiled tree.
 *
 * Field values are read the way Wazuh's JSON decoder exposes them: dotted paths of the message
 * without `data.` (`aws.eventName`, `aws.userIdentity.type`), every leaf as a string (integers as
 * `%i`, other numbers as `%f`, booleans `true`/`false`, null as `null`, arrays as their JSON text).
 */

/** Where rule files and CDB lists come from, in load order. */
export interface RulesetSource {
  /**
   * Directories whose `*.xml` rule files load in file-name order, directory after directory
   * (the shipped ruleset first, then users' directories). Each directory may also hold CDB lists.
   */
  ruleDirs: readonly string[];
  /**
   * Directories against which a `<list>` path (`etc/lists/amazon/aws-eventnames`) resolves, tried
   * in order; a path resolves to `<dir>/<path>` or, failing that, to `<dir>/lists/<last parts>`
   * as the loader documents.
   */
  listDirs: readonly string[];
  /** Single rule files loaded after the directories (ossec.conf `<rule_include>`). */
  ruleFiles?: readonly string[] | undefined;
  /** File names never loaded from any directory (ossec.conf `<rule_exclude>`). */
  excludedFiles?: readonly string[] | undefined;
}

/** Settings of the engine (Wazuh's `log_alert_level` and `email_alert_level`). */
export interface EngineOptions {
  /** Alerts are written from this level on (Wazuh's shipped `ossec.conf`: 3). */
  logAlertLevel?: number;
  /** `rule.mail` is true from this level on (12), or with `alert_by_email`. */
  emailAlertLevel?: number;
  /** `agent` and `manager` of alerts; default agent `{id:"000", name: hostname}`, manager `{name: hostname}`. */
  agent?: { id: string; name: string; ip?: string };
  manager?: { name: string };
  /** `location` of alerts; default `Wazuh-AWS`. */
  location?: string;
  /** Processing time for `timestamp` and `id` (tests fix it); default `Date.now`. */
  now?: () => number;
  /** The ATT&CK data file for `rule.mitre` names; default `src/rules/mitre/attack-techniques.json`. */
  attackFile?: string;
  /** Memory bounds of each correlation rule (docs/rule-language.md); defaults in `DEFAULT_LIMITS`. */
  correlationLimits?: { maxKeys?: number; maxEntries?: number; maxRetained?: number };
}

/**
 * One event as the engine sees it. `message` is the decoded JSON object (a Wazuh message, an
 * OCSF record, anything JSON); `fullLog` is the log line (`<match>`/`<regex>` and `full_log`),
 * produced only when a rule needs it; `time` is the event's own time in epoch milliseconds,
 * on which correlation windows are measured.
 */
export interface EngineInput {
  readonly message: unknown;
  fullLog(): string;
  readonly time: number;
  /**
   * A smaller stand-in with the same `fullLog()` and `time`, for correlation to keep for
   * `previous_output` (a flow's line instead of its message object); the input itself when none.
   */
  compact?(): EngineInput;
}

/**
 * The final rule an event reached (even at level 0). Treat it as read-only: rules with a constant
 * description share one frozen object, others build `description` when it is first read
 * (JSON.stringify writes all three fields).
 */
export interface RuleRef {
  id: string;
  level: number;
  description: string;
}

/** A rule tried while evaluating one event, for `awsmon logtest`. */
export interface RuleTrial {
  id: string;
  matched: boolean;
}

/** What one event produced. */
export interface Evaluation {
  /** The final rule reached, even at level 0; null when no rule matched at all. */
  rule: RuleRef | null;
  /** The alert written for the event, in the Wazuh alert schema and key order; null when none. */
  alert: Record<string, unknown> | null;
  /** Every rule tried, in order (only with `trace: true`). */
  trace?: RuleTrial[];
}

/** A compiled ruleset: load once, evaluate many. */
export interface RuleEngine {
  /** How many rules are loaded. */
  readonly ruleCount: number;
  /** Evaluates one event: walks the tree, updates correlation state, builds the alert. */
  evaluate(input: EngineInput, options?: { trace?: boolean }): Evaluation;
  /** Problems that did not stop the load (an `if_sid` naming a missing rule among others...). */
  readonly warnings?: readonly string[];
}
