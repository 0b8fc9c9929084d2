import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { AwsmonError, errorMessage } from '../core/index.ts';

/** node:util parseArgs, with its errors turned into CLI_USAGE errors naming the command. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    throw new AwsmonError('CLI_USAGE', `awsmon ${command}: ${errorMessage(err)} (see 'awsmon help')`);
  }
}

export const USAGE = `Usage:
  awsmon start [--config FILE] [--data-dir DIR] [--archives] [--listen HOST:PORT] [--api-token-file FILE]
      The daemon: every <wodle name="aws-s3"> block of FILE on its own schedule, and the
      dashboard and API at http://127.0.0.1:8480/ (--listen; port 0 = any free port). Any address
      other than loopback needs --api-token-file (a file whose first line is the token).
      Without --config, generates and collects the bundled demo bucket.
  awsmon run --once --config FILE [--data-dir DIR] [--archives] [--reparse]
      Every enabled block once, then a summary; exit 1 if a bucket failed.
  awsmon scan PATH --type cloudtrail|vpcflow|config|alb|clb|nlb [--data-dir DIR] [--only-logs-after YYYY-MMM-DD] [--reparse] [--archives]
      A local folder laid out like a bucket (AWSLogs/...), through the same code as S3.
  awsmon logtest [FILE] [--json] [--ruleset DIR | --rules-dir DIR...]
      Events (JSON lines, with or without the 1:Wazuh-AWS: prefix) from FILE or stdin through
      the rules: decoded fields, rules tried, final rule, level and alert; --json prints one
      line {"rule":...,"alert":...} per event. --ruleset DIR uses only the rules and CDB lists
      in DIR; --rules-dir DIR adds user rules after the shipped ones.
  awsmon rules test [PATH...] [--rules-dir DIR...]
      Runs rule test cases (*.json files or directories; default the shipped ruleset/tests);
      exit 0 when all pass, 1 otherwise.
  awsmon help | --version

Common options:
  --data-dir DIR     where the DuckDB store, archives and demo live (default ./data)
  --archives         also write every event to DIR/archives/archives.json
  --log-level LEVEL  trace, debug, info (default), warn, error, silent
  --rules-dir DIR    (start, run, scan) also load the rule files and CDB lists of DIR, after the
                     shipped ruleset and the <ruleset> of the configuration; repeatable
`;
