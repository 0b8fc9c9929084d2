/**
 * Reading CloudWatch Logs: the streams of a log group (DescribeLogStreams, every page) and the
 * events of a stream from a start time (GetLogEvents from the head, page after page until a page
 * is empty or the forward token stops moving, which is how the API says the end was reached).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
 */
import {
  CloudWatchLogsClient, DeleteLogStreamCommand, DescribeLogStreamsCommand, GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AuthOptions } from '../../config/types.ts';
import type { Logger } from '../../core/index.ts';
import { awsClientConfig } from '../aws-client.ts';
import { serviceError } from './service-error.ts';

/** One log event as GetLogEvents returns it. */
export interface LogEventRecord {
  timestamp: number;
  message: string;
}

/** CloudWatch Logs of one region, through one client. */
export interface LogsReader {
  readonly region: string;
  /** Every stream name of the group; SOURCE_* error naming the group when it cannot be listed. */
  streams(group: string): Promise<string[]>;
  /** The stream's events with a timestamp from `startTime` on (before `endTime`, exclusive, when given), oldest first, a page at a time. */
  events(group: string, stream: string, startTime: number, endTime?: number): AsyncIterable<LogEventRecord[]>;
  deleteStream(group: string, stream: string): Promise<void>;
  close(): void;
}

/** Creates a reader for one region. */
export function createLogsReader(auth: AuthOptions, region: string, options: { logger?: Logger | undefined; maxAttempts?: number | undefined } = {}): LogsReader {
  const client = new CloudWatchLogsClient(awsClientConfig(auth, { service: 'logs', region, logger: options.logger, maxAttempts: options.maxAttempts }));
  const where = (group: string, stream?: string) =>
    `region '${region}', log group '${group}'${stream === undefined ? '' : `, log stream '${stream}'`}`;
  return {
    region,
    async streams(group) {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        try {
          const page = await client.send(new DescribeLogStreamsCommand({ logGroupName: group, nextToken }));
          for (const s of page.logStreams ?? []) if (s.logStreamName !== undefined) names.push(s.logStreamName);
          nextToken = page.nextToken;
        } catch (err) {
          throw serviceError(err, `${where(group)}: logs:DescribeLogStreams`);
        }
      } while (nextToken);
      return names;
    },
    async *events(group, stream, startTime, endTime) {
      let nextToken: string | undefined;
      for (;;) {
        let page;
        try {
          page = await client.send(new GetLogEventsCommand({
            logGroupName: group, logStreamName: stream, startTime, endTime, startFromHead: true, nextToken,
          }));
        } catch (err) {
          throw serviceError(err, `${where(group, stream)}: logs:GetLogEvents`);
        }
        const events: LogEventRecord[] = [];
        for (const e of page.events ?? []) {
          if (e.timestamp !== undefined) events.push({ timestamp: e.timestamp, message: e.message ?? '' });
        }
        if (events.length > 0) yield events;
        const token = page.nextForwardToken;
        if ((page.events ?? []).length === 0 || token === undefined || token === nextToken) return;
        nextToken = token;
      }
    },
    async deleteStream(group, stream) {
      try {
        await client.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      } catch (err) {
        throw serviceError(err, `${where(group, stream)}: logs:DeleteLogStream`);
      }
    },
    close: () => client.destroy(),
  };
}
