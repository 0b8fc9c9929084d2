import { loadConfig } from '../../config/index.ts';
import { AwsmonError } from '../../core/index.ts';
import { runBlock, emptyStats, addStats } from '../../scheduler/index.ts';
import { parseCommandArgs } from '../args.ts';
import { awsEnvironment, openRuntime } from '../runtime.ts';
import { formatSummary } from '../summary.ts';

/** `awsmon run --once --config FILE`: every enabled block once, then a summary. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('run', argv, {
    once: { type: 'boolean', default: false },
    config: { type: 'string' },
    'data-dir': { type: 'string', default: 'data' },
    archives: { type: 'boolean', default: false },
    reparse: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    'rules-dir': { type: 'string', multiple: true },
  });
  if (!values.once) throw new AwsmonError('CLI_USAGE', "awsmon run: only '--once' runs are supported; use 'awsmon start' for the daemon");
  if (!values.config) throw new AwsmonError('CLI_USAGE', 'awsmon run: --config FILE is required');
  const config = await loadConfig(values.config);
  for (const warning of config.warnings) process.stderr.write(`awsmon: warning: ${warning}\n`);
  const rt = await openRuntime({ dataDir: values['data-dir'], archives: values.archives, logLevel: values['log-level'], rulesDirs: values['rules-dir'] }, config);
  const started = Date.now();
  const total = emptyStats();
  let failed = false;
  try {
    const env = awsEnvironment(rt, values.reparse);
    // Blocks run concurrently, as in the daemon.
    const results = await Promise.all(config.wodles.filter((b) => !b.disabled).map((block) => runBlock(block, env)));
    for (const r of results) {
      addStats(total, r.stats);
      failed ||= r.failed;
    }
  } finally {
    await rt.close();
  }
  process.stdout.write(formatSummary('awsmon run', total, Date.now() - started, rt.detection.stats.alerts));
  return failed ? 1 : 0;
}
