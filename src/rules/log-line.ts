/**
 * Log lines as Wazuh's AWS module queues them (`1:Wazuh-AWS:{...}`) or as bare JSON: the message
 * and the text the engine matches `<match>`/`<regex>` against.
 */
import { errorMessage } from '../core/index.ts';

/** A parsed line: the JSON message and its text (the part after the queue prefix). */
export type ParsedLine = { ok: true; message: unknown; text: string } | { ok: false; error: string };

// `<queue>:<location>:` in front of the message, e.g. `1:Wazuh-AWS:` or `1:(agent) 10.0.0.1->Wazuh-AWS:`.
const PREFIX = /^[0-9a-zA-Z]:(.*?):(?=\s*[{[])/s;

/** Parses one line; never throws. */
export function parseLogLine(line: string): ParsedLine {
  let text = line.replace(/\r?\n$/, '');
  if (!text.trimStart().startsWith('{')) {
    const m = PREFIX.exec(text);
    if (m === null) return { ok: false, error: 'not a JSON object (expected {...} or 1:Wazuh-AWS:{...})' };
    text = text.slice(m[0].length);
  }
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${errorMessage(err)}` };
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return { ok: false, error: 'not a JSON object' };
  return { ok: true, message, text };
}
