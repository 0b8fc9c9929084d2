/** Events stage: records turned into the Wazuh message shape (DESIGN.md contract 2) plus indexed columns. */
export type { EventContext } from './envelope.ts';
export { errorMessage, logInfo } from './envelope.ts';
export { cloudTrailEvent, cloudTrailColumns, cloudTrailMessage, cloudTrailMessageFromText, cloudTrailUser, createCloudTrailEventBuilder } from './cloudtrail.ts';
export { createVpcFlowEventBuilder, vpcFlowEvent, vpcFlowMessageFromLine } from './vpc-flow.ts';
export type { VpcFlowEventBuilder } from './vpc-flow.ts';
export { shouldDiscard } from './discard.ts';
export type { DiscardRule } from './discard.ts';
export { reformat } from './reformat.ts';
export { pythonRepr, pythonStr } from './python-str.ts';
export { createElbEventBuilder, elbColumns, elbRecord, splitAddress } from './elb.ts';
export type { ElbEventBuilder, ElbSource } from './elb.ts';
export { configColumns, configEvent, configMessage, normaliseConfiguration } from './config.ts';
export { discardLogMessage, logEvent, logEventColumns, logMessageJson } from './cloudwatch-logs.ts';
export type { LogEventContext } from './cloudwatch-logs.ts';
export { inspectorEvent, inspectorMessage, inspectorColumns, pythonDatetimeStr, INSPECTOR_SOURCE } from './inspector.ts';
