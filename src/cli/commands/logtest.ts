import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AwsmonError, errorMessage } from '../../core/index.ts';
import { createEngineInput, decodedFields, loadRuleEngine, parseLogLine, rulesetFromDir, rulesetWithUserDirs, shippedRuleset } from '../../rules/index.ts';
import type { Evaluation, RuleEngine } from '../../rules/index.ts';
import { parseCommandArgs } from '../args.ts';

/**
 * `awsmon logtest [FILE]`: events (JSON lines, with or without the `1:Wazuh-AWS:` prefix) from
 * FILE or stdin, in order, through the ruleset; per event the decoded fields, the rules tried,
 * the final rule and the alert, or with `--json` one line `{"rule":..., "alert":...}`.
 * Returns 1 when a line could not be read as an event (the others are still evaluated).
 */
export async function logtestCommand(argv: string[], io: { stdin: Readable; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const { values, positionals } = parseCommandArgs('logtest', argv, {
    json: { type: 'boolean', default: false },
    ruleset: { type: 'string' },
    'rules-dir': { type: 'string', multiple: true },
  }, true);
  if (positionals.length > 1) throw new AwsmonError('CLI_USAGE', 'awsmon logtest: give at most one FILE (or none to read stdin)');
  if (values.ruleset !== undefined && values['rules-dir'] !== undefined) throw new AwsmonError('CLI_USAGE', 'awsmon logtest: --ruleset replaces the shipped rules and --rules-dir adds to them; give one of the two');
  const source = values.ruleset !== undefined
    ? rulesetFromDir(resolve(values.ruleset))
    : values['rules-dir'] !== undefined ? rulesetWithUserDirs(values['rules-dir'].map((d) => resolve(d))) : shippedRuleset();
  const engine = await loadRuleEngine(source);
  for (const w of engine.warnings) io.stderr.write(`awsmon logtest: warning: ${w}\n`);
  const file = positionals[0];
  const fromStdin = file === undefined || file === '-';
  if (!fromStdin) {
    try {
      await access(file, constants.R_OK);
    } catch (err) {
      throw new AwsmonError('CLI_USAGE', `awsmon logtest: cannot read '${file}': ${errorMessage(err)}`);
    }
  }
  const input = fromStdin ? io.stdin : createReadStream(file);
  let lineNo = 0;
  let badLines = 0;
  let events = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    const parsed = parseLogLine(line);
    if (!parsed.ok) {
      badLines++;
      io.stderr.write(`awsmon logtest: line ${lineNo}: ${parsed.error}\n`);
      continue;
    }
    events++;
    const ev = engine.evaluate(createEngineInput(parsed.message, undefined, parsed.text), { trace: !values.json });
    io.stdout.write(values.json ? `${JSON.stringify({ rule: ev.rule, alert: ev.alert })}\n` : describe(lineNo, events, parsed.message, parsed.text, ev, engine));
  }
  return badLines > 0 ? 1 : 0;
}

// Values are printed as JSON strings: log content is attacker-controlled, so control characters
// are escaped rather than sent to the terminal.
function describe(lineNo: number, n: number, message: unknown, text: string, ev: Evaluation, engine: RuleEngine): string {
  const out: string[] = [`**Event ${n} (line ${lineNo})`, `  full log: ${JSON.stringify(text)}`, '', '**Decoded fields (decoder json):'];
  for (const [name, value] of decodedFields(message)) out.push(`  ${name}: ${JSON.stringify(value)}`);
  out.push('', '**Rules tried:');
  for (const t of ev.trace ?? []) out.push(`  ${t.id} ${t.matched ? 'matched' : 'no match'}`);
  out.push('');
  if (ev.rule === null) {
    out.push(`**No rule matched (${engine.ruleCount} rules loaded): no alert.`);
  } else {
    out.push('**Final rule:', `  id: ${ev.rule.id}`, `  level: ${ev.rule.level}`, `  description: ${JSON.stringify(ev.rule.description)}`);
    if (ev.alert !== null) out.push('**Alert to be generated:', JSON.stringify(ev.alert, null, 2));
    else if (ev.rule.level === 0) out.push('**No alert: a final rule of level 0 silences the event.');
    else out.push('**No alert (below the alert level, or the rule says no_log).');
  }
  out.push('', '');
  return out.join('\n');
}
