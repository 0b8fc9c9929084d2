import type { AuthOptions } from '../config/types.ts';
import type { Logger } from '../core/index.ts';
import { awsClientConfig } from './aws-client.ts';
import { toSourceError } from './source-error.ts';

/** What ec2:DescribeFlowLogs tells about one flow log, added to its records as Wazuh does. */
export interface FlowLogDetails {
  resource_id: string;
  traffic_type: string;
  log_format: string;
  log_destination: string;
}

/**
 * Flow-log id → details for one account and region, from ec2:DescribeFlowLogs (every page).
 * Undefined, with one warning, when the call is denied or fails: records are then read without
 * enrichment rather than not at all.
 */
export async function describeFlowLogs(
  auth: AuthOptions, region: string, logger?: Logger, options: { maxAttempts?: number } = {},
): Promise<Map<string, FlowLogDetails> | undefined> {
  // Loaded on first use: the EC2 client is large (~65 MB of resident memory) and only flow-log
  // enrichment needs it.
  const { EC2Client, paginateDescribeFlowLogs } = await import('@aws-sdk/client-ec2');
  const client = new EC2Client(awsClientConfig(auth, { service: 'ec2', region, logger, maxAttempts: options.maxAttempts }));
  const details = new Map<string, FlowLogDetails>();
  try {
    for await (const page of paginateDescribeFlowLogs({ client }, {})) {
      for (const f of page.FlowLogs ?? []) {
        if (!f.FlowLogId) continue;
        details.set(f.FlowLogId, {
          resource_id: f.ResourceId ?? '',
          traffic_type: f.TrafficType ?? '',
          log_format: f.LogFormat ?? '',
          log_destination: f.LogDestination ?? '',
        });
      }
    }
    return details;
  } catch (err) {
    const error = toSourceError(err, {});
    logger?.warn({ code: error.code, region }, `flow logs of region '${region}' cannot be described, records are read without flow-log details: ${error.message}`);
    return undefined;
  } finally {
    client.destroy();
  }
}
