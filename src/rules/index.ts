/**
 * Detection stage (issue 3): rulesets in the Wazuh XML rule language, loaded and compiled once,
 * evaluated per event; alerts in the Wazuh alert schema; rule test cases.
 */
export type { RulesetSource, EngineOptions, EngineInput, Evaluation, RuleEngine, RuleRef, RuleTrial } from './types.ts';
export { loadRuleEngine, shippedRuleset, rulesetWithUserDirs, rulesetFromDir, SHIPPED_RULESET_DIR } from './load.ts';
export { WazuhRuleEngine } from './engine.ts';
export { createEngineInput, eventTimeOf } from './input.ts';
export type { MessageSource } from './input.ts';
export { decodedFields } from './fields.ts';
export { formatTimestamp } from './alert.ts';
export { DEFAULT_LIMITS } from './correlation.ts';
export type { CorrelationLimits } from './correlation.ts';
export { compilePattern, PatternSyntaxError } from './regex/index.ts';
export type { Matcher, PatternType } from './regex/index.ts';
export { runRuleCases, parseCaseFile, SHIPPED_CASES_DIR } from './cases.ts';
export type { CaseResult, CaseExpectation, RuleCase, CaseRunOptions } from './cases.ts';
export { parseLogLine } from './log-line.ts';
export type { ParsedLine } from './log-line.ts';
export { createDetectionStage } from './stage.ts';
export type { DetectionStage, DetectionStats } from './stage.ts';
