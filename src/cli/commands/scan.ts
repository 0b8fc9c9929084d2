import { basename, resolve } from 'node:path';
import { AwsmonError } from '../../core/index.ts';
import { parseOnlyLogsAfter } from '../../config/index.ts';
import type { BucketType } from '../../config/index.ts';
import { createLocalSource } from '../../sources/index.ts';
import { runBlock, AWS_LOGS_HANDLERS } from '../../scheduler/index.ts';
import { parseCommandArgs } from '../args.ts';
import { openRuntime } from '../runtime.ts';
import { configOf, localBucketConfig } from '../local-bucket.ts';
import { createProgress } from '../progress.ts';
import { formatSummary } from '../summary.ts';

/** `awsmon scan PATH --type T`: a local copy of a bucket, through the same code as S3. */
export async function scanCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', argv, {
    type: { type: 'string' },
    'data-dir': { type: 'string', default: 'data' },
    'only-logs-after': { type: 'string' },
    archives: { type: 'boolean', default: false },
    reparse: { type: 'boolean', default: false },
    'skip-on-error': { type: 'boolean', default: true },
    'log-level': { type: 'string', default: 'warn' },
    'rules-dir': { type: 'string', multiple: true },
  }, true);
  const path = positionals[0];
  if (!path || positionals.length > 1) throw new AwsmonError('CLI_USAGE', 'awsmon scan: give exactly one PATH (a folder laid out like a bucket)');
  const type = values.type as BucketType | undefined;
  if (!type || !AWS_LOGS_HANDLERS[type]) {
    throw new AwsmonError('CLI_USAGE', `awsmon scan: --type must be one of ${Object.keys(AWS_LOGS_HANDLERS).join(', ')}`);
  }
  // An analyst's copy is usually of past days: read everything unless told otherwise.
  const after = values['only-logs-after'] ? parseOnlyLogsAfter(values['only-logs-after']) : '1970-01-01';
  const root = resolve(path);
  const source = createLocalSource(root);
  const bucket = localBucketConfig(type, source.bucket, after);
  const config = configOf([bucket], { skipOnError: values['skip-on-error'] });
  const rt = await openRuntime({ dataDir: values['data-dir'], archives: values.archives, logLevel: values['log-level'], rulesDirs: values['rules-dir'] });
  // A local listing is cheap: count the log objects first so the progress bar has a total.
  const handler = AWS_LOGS_HANDLERS[type];
  let total = 0;
  for await (const object of source.listObjects('')) if (handler.accepts(object.key)) total++;
  const progress = createProgress(process.stderr, total);
  const started = Date.now();
  try {
    const result = await runBlock(config.wodles[0]!, {
      store: rt.store, pipeline: rt.pipeline, logger: rt.logger, reparse: values.reparse,
      sourceFor: () => source,
      onObject: (_b, work, events) => progress.tick(1, events, work.object.size),
    });
    progress.done();
    process.stdout.write(formatSummary(`awsmon scan ${basename(root)}`, result.stats, Date.now() - started, rt.detection.stats.alerts));
    return result.failed ? 1 : 0;
  } finally {
    await rt.close();
  }
}
