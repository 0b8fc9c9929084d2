/**
 * Amazon Inspector (v2) findings of one region updated in a time window: ListFindings with an
 * `updatedAt` filter, 100 per page, every page (Wazuh's request). Findings are yielded as the SDK
 * returns them (timestamps as Date).
 * https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListFindings.html
 */
import { Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import type { AuthOptions } from '../../config/types.ts';
import type { Logger } from '../../core/index.ts';
import { awsClientConfig } from '../aws-client.ts';
import { serviceError } from './service-error.ts';

/** Inspector findings of one region. */
export interface FindingsReader {
  readonly region: string;
  /** Findings whose `updatedAt` lies in [from, to], a page at a time. */
  findings(from: Date, to: Date): AsyncIterable<Record<string, unknown>[]>;
  close(): void;
}

/** Creates a reader for one region. */
export function createFindingsReader(auth: AuthOptions, region: string, options: { logger?: Logger | undefined; maxAttempts?: number | undefined } = {}): FindingsReader {
  const client = new Inspector2Client(awsClientConfig(auth, { service: 'inspector2', region, logger: options.logger, maxAttempts: options.maxAttempts }));
  return {
    region,
    async *findings(from, to) {
      let nextToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListFindingsCommand({
            maxResults: 100, nextToken, filterCriteria: { updatedAt: [{ startInclusive: from, endInclusive: to }] },
          }));
        } catch (err) {
          throw serviceError(err, `region '${region}': inspector2:ListFindings`);
        }
        const findings = (page.findings ?? []) as unknown as Record<string, unknown>[];
        if (findings.length > 0) yield findings;
        nextToken = page.nextToken;
      } while (nextToken);
    },
    close: () => client.destroy(),
  };
}
