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
export { pythonJsonDumps, pythonJsonString } from './python-json.ts';
