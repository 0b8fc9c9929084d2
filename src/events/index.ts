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
export { isDict } from './reformat.ts';
export { customMessage, listPathsFromDict } from './custom-record.ts';
export { guardDutyColumns, guardDutyEvents } from './guardduty.ts';
export { eventBridgeEvents, eventBridgeRecord } from './eventbridge.ts';
export { flattenWafRecord, wafEvent, webAclAccountRegion } from './waf.ts';
export { serverAccessEvent, serverAccessTime } from './server-access.ts';
export { UMBRELLA_FIELDS, umbrellaEvent, umbrellaRecord, umbrellaTime } from './cisco-umbrella.ts';
export type { UmbrellaKind } from './cisco-umbrella.ts';
export { CUSTOM_VPC_FIELDS, customCsvRecord, customJsonEvent, customTableEvent, customVpcRecord } from './custom-table.ts';
