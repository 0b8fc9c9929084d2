/** The parts every command opens: data folder, logger, store, pipeline, sources. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger } from '../core/index.ts';
import type { Logger, ObjectSource } from '../core/index.ts';
import type { AwsmonConfig, BucketConfig } from '../config/index.ts';
import { openDuckDbStore } from '../store/index.ts';
import type { EventStore } from '../store/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { createS3Source, describeFlowLogs } from '../sources/index.ts';
import type { RunEnvironment } from '../scheduler/index.ts';
import { createDetectionStage, loadRuleEngine, shippedRuleset } from '../rules/index.ts';
import type { DetectionStage, RulesetSource } from '../rules/index.ts';
import { DEFAULT_ALERT_LEVELS } from '../config/index.ts';

/** Options shared by the commands. */
export interface RuntimeOptions {
  dataDir: string;
  archives: boolean;
  logLevel: string;
  reparse?: boolean;
  /** `--rules-dir`: users' rule directories (and CDB lists), loaded after the shipped ruleset. */
  rulesDirs?: readonly string[] | undefined;
}

/** An opened runtime; close it to flush and release the store. */
export interface Runtime {
  dataDir: string;
  logger: Logger;
  store: EventStore;
  pipeline: Pipeline;
  detection: DetectionStage;
  close(): Promise<void>;
}

/**
 * The ruleset the daemon runs: the shipped rules, then the `<ruleset>` directories and files of
 * ossec.conf, then `--rules-dir`. Lists resolve in users' directories first, then the shipped
 * ruleset's, then the Wazuh home (for lists a user's rules name under `etc/lists/`).
 */
export function detectionRuleset(config: AwsmonConfig | undefined, rulesDirs: readonly string[] = []): RulesetSource {
  const shipped = shippedRuleset();
  const configured = config?.ruleset;
  return {
    ruleDirs: [...shipped.ruleDirs, ...(configured?.ruleDirs ?? []), ...rulesDirs],
    listDirs: [...rulesDirs, ...(configured?.ruleDirs ?? []), ...shipped.listDirs, ...(configured === undefined ? [] : [configured.home])],
    ruleFiles: configured?.ruleFiles ?? [],
    excludedFiles: configured?.excludedFiles ?? [],
  };
}

/** Opens the data folder, the store (with archives when asked or set by logall_json) and the pipeline with the detection stage. */
export async function openRuntime(options: RuntimeOptions, config?: AwsmonConfig): Promise<Runtime> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const logger = createLogger({ level: options.logLevel });
  const archives = options.archives || config?.logAllJson === true;
  const store = await openDuckDbStore({
    path: join(dataDir, 'awsmon.duckdb'),
    archivesFile: archives ? join(dataDir, 'archives', 'archives.json') : undefined,
    alertsFile: join(dataDir, 'alerts', 'alerts.json'),
    logger,
  });
  let detection: DetectionStage;
  try {
    const levels = config?.alerts ?? DEFAULT_ALERT_LEVELS;
    const engine = await loadRuleEngine(detectionRuleset(config, (options.rulesDirs ?? []).map((d) => resolve(d))), { logAlertLevel: levels.logAlertLevel, emailAlertLevel: levels.emailAlertLevel });
    for (const warning of engine.warnings ?? []) logger.warn(`rules: ${warning}`);
    logger.info({ rules: engine.ruleCount }, `detection: ${engine.ruleCount} rules loaded`);
    detection = createDetectionStage(engine, logger);
  } catch (err) {
    await store.close();
    throw err;
  }
  const pipeline = createPipeline([detection]);
  return {
    dataDir, logger, store, pipeline, detection,
    async close() {
      await pipeline.close();
      await store.close();
      logger.flush();
    },
  };
}

/** The run environment for AWS: S3 sources per bucket, flow-log enrichment where allowed. */
export function awsEnvironment(rt: Runtime, reparse: boolean): Omit<RunEnvironment, 'signal'> {
  const sources = new Map<BucketConfig, ObjectSource>();
  const flowLogs = new Map<string, Promise<Map<string, Record<string, string>> | undefined>>();
  return {
    store: rt.store,
    pipeline: rt.pipeline,
    logger: rt.logger,
    reparse,
    sourceFor(bucket) {
      let source = sources.get(bucket);
      if (!source) {
        source = createS3Source({ bucket: bucket.name, auth: bucket, regions: bucket.regions, logger: rt.logger });
        sources.set(bucket, source);
      }
      return source;
    },
    flowLogDetails(bucket, _accountId, region) {
      if (bucket.type !== 'vpcflow') return Promise.resolve(undefined);
      // DescribeFlowLogs sees the caller's account only; ids of other accounts simply miss.
      const cacheKey = `${bucket.name}\0${region}`;
      let details = flowLogs.get(cacheKey);
      if (!details) {
        details = describeFlowLogs(bucket, region, rt.logger).then((m) => m && new Map([...m].map(([id, d]) => [id, { ...d }])));
        flowLogs.set(cacheKey, details);
      }
      return details;
    },
  };
}
