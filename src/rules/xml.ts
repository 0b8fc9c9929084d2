/**
 * A small XML reader for the subset rule files use (elements, attributes, text, CDATA, comments,
 * the five predefined entities and character references, an optional prolog), keeping the line
 * of every element and attribute so rule errors can name it. fast-xml-parser gives no positions.
 * A file may hold several root elements (Wazuh rule files hold several `<group>`s).
 */
import { RuleError } from '../core/index.ts';

/** An attribute and the line it is on. */
export interface XmlAttr {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** An element: its attributes, child elements, text content (CDATA included) and line. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttr[];
  readonly children: XmlElement[];
  /** The element's own text, entities decoded, without the text of its children. */
  text: string;
  readonly line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

/** Parses the text of one file into its root elements; a malformed file is a RULE_SYNTAX error naming the line. */
export function parseXml(text: string, file: string): XmlElement[] {
  return new XmlReader(text, file).read();
}

class XmlReader {
  readonly #s: string;
  readonly #file: string;
  #pos = 0;
  #line = 1;

  constructor(text: string, file: string) {
    this.#s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.#file = file;
  }

  read(): XmlElement[] {
    const roots: XmlElement[] = [];
    const stack: XmlElement[] = [];
    const s = this.#s;
    while (this.#pos < s.length) {
      const lt = s.indexOf('<', this.#pos);
      const end = lt < 0 ? s.length : lt;
      if (end > this.#pos) this.#text(s.slice(this.#pos, end), stack);
      if (lt < 0) break;
      this.#advanceTo(lt);
      if (s.startsWith('<!--', lt)) this.#skipPast('-->', 'comment');
      else if (s.startsWith('<![CDATA[', lt)) {
        const close = s.indexOf(']]>', lt + 9);
        if (close < 0) this.#fail('unterminated CDATA section');
        const top = stack[stack.length - 1];
        if (top === undefined) this.#fail('CDATA outside any element');
        top.text += s.slice(lt + 9, close);
        this.#advanceTo(close + 3);
      } else if (s.startsWith('<?', lt)) this.#skipPast('?>', 'processing instruction');
      else if (s.startsWith('<!', lt)) this.#skipPast('>', 'declaration');
      else if (s.startsWith('</', lt)) this.#closeTag(stack, roots);
      else this.#openTag(stack, roots);
    }
    const open = stack[stack.length - 1];
    if (open !== undefined) throw new RuleError('RULE_SYNTAX', { file: this.#file, line: open.line }, `element <${open.name}> is not closed`);
    return roots;
  }

  #text(raw: string, stack: XmlElement[]): void {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (raw.trim() !== '') this.#fail(`text outside any element: '${raw.trim().slice(0, 40)}'`);
    } else {
      top.text += this.#decode(raw);
    }
    this.#advanceTo(this.#pos + raw.length);
  }

  #openTag(stack: XmlElement[], roots: XmlElement[]): void {
    const line = this.#line;
    this.#advanceTo(this.#pos + 1);
    const name = this.#name('element name');
    const el: XmlElement = { name, attrs: [], children: [], text: '', line };
    for (;;) {
      const hadSpace = this.#skipSpace();
      const c = this.#s[this.#pos];
      if (c === undefined) this.#fail(`unterminated tag <${name}>`);
      if (c === '>') { this.#advanceTo(this.#pos + 1); break; }
      if (c === '/' && this.#s[this.#pos + 1] === '>') { this.#advanceTo(this.#pos + 2); this.#attach(el, stack, roots); return; }
      if (!hadSpace) this.#fail(`unexpected '${c}' in tag <${name}>`);
      const attrLine = this.#line;
      const attrName = this.#name(`attribute name in <${name}>`);
      this.#skipSpace();
      if (this.#s[this.#pos] !== '=') this.#fail(`attribute '${attrName}' of <${name}> has no value (expected ${attrName}="...")`);
      this.#advanceTo(this.#pos + 1);
      this.#skipSpace();
      const quote = this.#s[this.#pos];
      if (quote !== '"' && quote !== "'") this.#fail(`the value of attribute '${attrName}' of <${name}> is not quoted`);
      const close = this.#s.indexOf(quote, this.#pos + 1);
      if (close < 0) this.#fail(`unterminated value of attribute '${attrName}' of <${name}>`);
      const value = this.#decode(this.#s.slice(this.#pos + 1, close));
      if (el.attrs.some((a) => a.name === attrName)) this.#fail(`attribute '${attrName}' appears twice in <${name}>`);
      el.attrs.push({ name: attrName, value, line: attrLine });
      this.#advanceTo(close + 1);
    }
    this.#attach(el, stack, roots);
    stack.push(el);
  }

  #attach(el: XmlElement, stack: XmlElement[], roots: XmlElement[]): void {
    const parent = stack[stack.length - 1];
    if (parent === undefined) roots.push(el);
    else parent.children.push(el);
  }

  #closeTag(stack: XmlElement[], _roots: XmlElement[]): void {
    this.#advanceTo(this.#pos + 2);
    const name = this.#name('closing tag name');
    this.#skipSpace();
    if (this.#s[this.#pos] !== '>') this.#fail(`malformed closing tag </${name}>`);
    this.#advanceTo(this.#pos + 1);
    const open = stack.pop();
    if (open === undefined) this.#fail(`closing tag </${name}> without an opening tag`);
    if (open.name !== name) this.#fail(`closing tag </${name}> does not match <${open.name}> opened on line ${open.line}`);
  }

  #name(what: string): string {
    NAME.lastIndex = this.#pos;
    const m = NAME.exec(this.#s);
    if (m === null) this.#fail(`expected ${what}`);
    this.#advanceTo(this.#pos + m[0].length);
    return m[0];
  }

  #skipSpace(): boolean {
    const start = this.#pos;
    let p = this.#pos;
    while (p < this.#s.length && /\s/.test(this.#s[p]!)) p++;
    this.#advanceTo(p);
    return p > start;
  }

  #skipPast(terminator: string, what: string): void {
    const close = this.#s.indexOf(terminator, this.#pos);
    if (close < 0) this.#fail(`unterminated ${what}`);
    this.#advanceTo(close + terminator.length);
  }

  #decode(raw: string): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (all, ref: string | undefined) => {
      if (ref === undefined) return all; // a bare '&': Wazuh's reader keeps it, so do we
      if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      const v = ENTITIES[ref];
      if (v === undefined) this.#fail(`unknown entity &${ref};`);
      return v;
    });
  }

  /** Moves to `pos`, counting the newlines passed. */
  #advanceTo(pos: number): void {
    for (let i = this.#pos; i < pos; i++) if (this.#s.charCodeAt(i) === 10) this.#line++;
    this.#pos = pos;
  }

  #fail(reason: string): never {
    throw new RuleError('RULE_SYNTAX', { file: this.#file, line: this.#line }, `XML: ${reason}`);
  }
}
