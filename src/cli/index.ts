/** Command-line entry: returns the process exit code. */
export function main(_argv: string[]): Promise<number> {
  process.stderr.write('awsmon: not implemented yet\n');
  return Promise.resolve(2);
}
