import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigError } from '../core/errors.ts';

/** One XML element, reduced to what the config reader needs. */
export interface XmlElement {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: readonly XmlElement[];
  /** The element's own text, entities resolved, trimmed. */
  text: string;
}

// ossec.conf may hold several <ossec_config> roots, which XML forbids; a synthetic root makes it one document.
const ROOT = 'awsmon-synthetic-root';
const OPEN = `<${ROOT}>`;

// The XML declaration and a DOCTYPE must stay in front of the root, so the synthetic root goes after them.
const PROLOG = /^\uFEFF?\s*(?:<\?xml[\s\S]*?\?>)?(?:\s|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*/;

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references (&#65;) are only decoded with htmlEntities on.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parses XML text that may hold several root elements; throws CONFIG_XML_SYNTAX with the line and column. */
export function readXml(xml: string, file?: string): XmlElement[] {
  const insertAt = PROLOG.exec(xml)?.[0].length ?? 0;
  const wrapped = `${xml.slice(0, insertAt)}${OPEN}${xml.slice(insertAt)}</${ROOT}>`;
  const result = XMLValidator.validate(wrapped, { allowBooleanAttributes: false });
  if (result !== true) {
    const where = file === undefined ? '' : `${file}: `;
    throw new ConfigError('CONFIG_XML_SYNTAX', [`${where}${describeSyntaxError(xml, insertAt, result.err)}`]);
  }
  const doc = parser.parse(wrapped) as OrderedNode[];
  const root = doc.map(toElement).find((e) => e?.name === ROOT);
  return root ? [...root.children] : [];
}

function describeSyntaxError(xml: string, insertAt: number, err: { msg: string; line: number; col: number }): string {
  // The validator's message can name a second position ("opened in line 1, col 40"): map it too.
  const msg = err.msg.replace(/line (\d+), col (\d+)/g, (_, l: string, c: string) => {
    const p = unshift(xml, insertAt, Number(l), Number(c));
    return `line ${p.line}, col ${p.col}`;
  });
  if (!msg.includes(ROOT)) {
    const { line, col } = unshift(xml, insertAt, err.line, err.col);
    return `line ${line}, column ${col}: ${msg}`;
  }
  // The error is at the synthetic closing tag: the user's text ended too early.
  const lines = xml.split('\n');
  const end = `line ${lines.length}, column ${lines.at(-1)!.length + 1}`;
  const unclosed = /^Expected closing tag '([^']+)' \((opened in line \d+, col \d+)\) instead of closing tag '([^']+)'/.exec(msg);
  if (unclosed?.[1] === ROOT) {
    const { line, col } = unshift(xml, insertAt, err.line, err.col);
    return `line ${line}, column ${col}: </${unclosed[3]!}> closes a tag that is not open`;
  }
  return unclosed
    ? `${end}: the file ends before <${unclosed[1]!}> (${unclosed[2]!}) is closed`
    : `${end}: the file ends inside a tag or comment`;
}

/** Maps a position in the wrapped text back to the user's text (the root tag shifts one line). */
function unshift(xml: string, insertAt: number, line: number, col: number): { line: number; col: number } {
  const before = xml.slice(0, insertAt);
  const rootLine = before.split('\n').length;
  const rootCol = insertAt - before.lastIndexOf('\n');
  if (line === rootLine && col > rootCol) return { line, col: Math.max(rootCol, col - OPEN.length) };
  return { line, col };
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const raw = node[name];
  const items = Array.isArray(raw) ? (raw as OrderedNode[]) : [];
  const attrs: Record<string, string> = {};
  const rawAttrs = node[':@'];
  if (rawAttrs !== null && typeof rawAttrs === 'object') {
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const item of items) {
    if ('#text' in item) text += String(item['#text']);
    else {
      const child = toElement(item);
      if (child) children.push(child);
    }
  }
  return { name, attrs, children, text: text.trim() };
}
