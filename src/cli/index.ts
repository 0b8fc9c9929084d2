/** Command-line entry: dispatches to a command and turns errors into exit codes. */
import { AwsmonError, ConfigError } from '../core/index.ts';
import { USAGE } from './args.ts';
import { runCommand } from './commands/run.ts';
import { scanCommand } from './commands/scan.ts';
import { startCommand } from './commands/start.ts';
import { packageVersion } from './dashboard.ts';

/** Exit codes of the `awsmon` command. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, CONFIG: 3 } as const;

/** Runs the command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start': return await startCommand(rest);
      case 'run': return await runCommand(rest);
      case 'scan': return await scanCommand(rest);
      // The rule commands load the rules stage only when asked for: other commands start faster.
      case 'logtest': return await (await import('./commands/logtest.ts')).logtestCommand(rest);
      case 'rules': return await (await import('./commands/rules.ts')).rulesCommand(rest);
      case '--version': case 'version': {
        process.stdout.write(`awsmon ${packageVersion()}\n`);
        return EXIT.OK;
      }
      case undefined: case 'help': case '--help': case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? EXIT.USAGE : EXIT.OK;
      default:
        throw new AwsmonError('CLI_USAGE', `awsmon: unknown command '${command}' (see 'awsmon help')`);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`awsmon: ${err.code}: ${err.message}\n`);
      return EXIT.CONFIG;
    }
    if (err instanceof AwsmonError) {
      process.stderr.write(`awsmon: ${err.code}: ${err.message}\n`);
      return err.code === 'CLI_USAGE' ? EXIT.USAGE : EXIT.FAILED;
    }
    process.stderr.write(`awsmon: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.FAILED;
  }
}
