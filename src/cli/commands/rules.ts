import { resolve } from 'node:path';
import { AwsmonError } from '../../core/index.ts';
import { runRuleCases, rulesetWithUserDirs, SHIPPED_CASES_DIR } from '../../rules/index.ts';
import { parseCommandArgs } from '../args.ts';

/** `awsmon rules test [PATH...]`: runs rule test cases; exit 0 when all pass, 1 otherwise. */
export async function rulesCommand(argv: string[], io: { stdout: NodeJS.WritableStream } = process): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'test') throw new AwsmonError('CLI_USAGE', `awsmon rules: unknown subcommand '${sub ?? ''}' (expected: awsmon rules test [PATH...])`);
  const { values, positionals } = parseCommandArgs('rules test', rest, {
    'rules-dir': { type: 'string', multiple: true },
  }, true);
  const paths = positionals.length > 0 ? positionals.map((p) => resolve(p)) : [SHIPPED_CASES_DIR];
  const options = values['rules-dir'] === undefined ? {} : { source: rulesetWithUserDirs(values['rules-dir'].map((d) => resolve(d))) };
  const results = await runRuleCases(paths, options);
  const failed = results.filter((r) => !r.passed);
  for (const f of failed) io.stdout.write(`FAIL ${f.file}: case '${f.name}': expected ${f.expected}, got ${f.got}\n`);
  io.stdout.write(`${results.length} cases, ${results.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length === 0 ? 0 : 1;
}
