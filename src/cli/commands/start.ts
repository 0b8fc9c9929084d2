import { join } from 'node:path';
import { loadConfig } from '../../config/index.ts';
import type { AwsmonConfig } from '../../config/index.ts';
import { generateDemoBucket } from '../../demo/index.ts';
import { createLocalSource } from '../../sources/index.ts';
import { startScheduler } from '../../scheduler/index.ts';
import type { RunEnvironment } from '../../scheduler/index.ts';
import { parseCommandArgs } from '../args.ts';
import { awsEnvironment, openRuntime } from '../runtime.ts';
import type { Runtime } from '../runtime.ts';
import { configOf, localBucketConfig } from '../local-bucket.ts';
import { DEFAULT_LISTEN, startDashboard } from '../dashboard.ts';

/** `awsmon start`: the daemon. Without --config it runs the bundled demo. */
export async function startCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('start', argv, {
    config: { type: 'string' },
    'data-dir': { type: 'string', default: 'data' },
    archives: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    'rules-dir': { type: 'string', multiple: true },
    listen: { type: 'string', default: DEFAULT_LISTEN },
    'api-token-file': { type: 'string' },
  });
  const config = values.config ? await loadConfig(values.config) : undefined;
  for (const warning of config?.warnings ?? []) process.stderr.write(`awsmon: warning: ${warning}\n`);
  const rt = await openRuntime({ dataDir: values['data-dir'], archives: values.archives, logLevel: values['log-level'], rulesDirs: values['rules-dir'] }, config);
  let running: { config: AwsmonConfig; env: Omit<RunEnvironment, 'signal'> };
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  try {
    dashboard = await startDashboard(rt, { listen: values.listen, tokenFile: values['api-token-file'] });
    try {
      running = config ? { config, env: awsEnvironment(rt, false) } : await demo(rt);
    } catch (err) {
      await dashboard.app.close();
      throw err;
    }
  } catch (err) {
    await rt.close();
    throw err;
  }
  process.stderr.write(`awsmon: dashboard at ${dashboard.url}\n`);
  const blocks = running.config.wodles.filter((b) => !b.disabled);
  rt.logger.info({ dataDir: rt.dataDir, blocks: blocks.length }, `awsmon started: ${blocks.length} block(s), data in ${rt.dataDir}`);
  process.stderr.write(`awsmon: collecting ${blocks.length} block(s); data in ${rt.dataDir}; Ctrl-C or SIGTERM stops after the objects in flight are stored\n`);
  const scheduler = startScheduler(running.config, running.env, {
    onRun: (block, r) => rt.logger.info({ block: block.index, ...r.stats, failures: undefined }, `block #${block.index}: ${r.stats.objects} objects, ${r.stats.events} events, ${r.stats.errors} errors`),
  });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      rt.logger.info({ signal }, 'stopping: draining runs in flight');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await scheduler.stop();
  await dashboard.app.close();
  await rt.close();
  process.stderr.write('awsmon: stopped cleanly\n');
  return 0;
}

/** Generates the demo bucket in the data folder and a configuration that collects it. */
async function demo(rt: Runtime): Promise<{ config: AwsmonConfig; env: Omit<RunEnvironment, 'signal'> }> {
  const demoBucket = await generateDemoBucket(join(rt.dataDir, 'demo'));
  process.stderr.write(`awsmon: no --config given: collecting the bundled demo bucket '${demoBucket.bucket}' (${demoBucket.objects} objects, ${demoBucket.cloudtrailRecords} CloudTrail records, ${demoBucket.flowRecords} flow records) from ${demoBucket.root}\n`);
  const source = createLocalSource(demoBucket.root, { bucket: demoBucket.bucket });
  const config = configOf([
    localBucketConfig('cloudtrail', demoBucket.bucket, demoBucket.firstDay),
    localBucketConfig('vpcflow', demoBucket.bucket, demoBucket.firstDay),
  ], { interval: 300, skipOnError: true });
  return { config, env: { store: rt.store, pipeline: rt.pipeline, logger: rt.logger, sourceFor: () => source } };
}
