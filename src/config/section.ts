import type { XmlElement } from './xml.ts';
import { suggest, type Checked } from './validators.ts';

/** Gathers every problem and warning of one parse, so all can be reported at once. */
export class Collector {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
}

// Their values never appear in a message, whatever is wrong with them.
const SECRETS: ReadonlySet<string> = new Set(['access_key', 'secret_key']);

/**
 * One element whose children are options (a wodle, bucket, service or subscriber). It checks for
 * unknown and repeated children up front, then reads and validates options by name, prefixing
 * every problem with the section's label ("wodle #1 (aws-s3), bucket #2 (vpcflow 'flows')").
 */
export class Section {
  readonly label: string;
  readonly #out: Collector;
  readonly #single = new Map<string, XmlElement>();

  constructor(out: Collector, label: string, el: XmlElement, single: readonly string[], repeatable: readonly string[] = []) {
    this.#out = out;
    this.label = label;
    for (const child of el.children) {
      if (repeatable.includes(child.name)) continue;
      if (!single.includes(child.name)) {
        const hint = suggest(child.name, [...single, ...repeatable]);
        this.problem(hint === undefined
          ? `unknown element <${child.name}> (expected one of ${[...single, ...repeatable].map((s) => `<${s}>`).join(', ')})`
          : `unknown element <${child.name}> (did you mean <${hint}>?)`);
      } else if (this.#single.has(child.name)) {
        this.problem(`<${child.name}> appears more than once (expected it at most once)`);
      } else {
        this.#single.set(child.name, child);
      }
    }
  }

  /** Adds a problem, prefixed with this section's label. */
  problem(message: string): void {
    this.#out.problems.push(`${this.label}: ${message}`);
  }

  /** Adds a warning, prefixed with this section's label. */
  warn(message: string): void {
    this.#out.warnings.push(`${this.label}: ${message}`);
  }

  /** Reports a bad value of `<name>`; secret values and empty values are not quoted. */
  invalid(name: string, value: string, reason: string, expected: string): void {
    if (value === '') this.problem(`<${name}> is empty (expected ${expected})`);
    else if (SECRETS.has(name)) this.problem(`<${name}> ${reason} (expected ${expected})`);
    else this.problem(`<${name}> '${value}' ${reason} (expected ${expected})`);
  }

  /** True when the option is present (even when its value is bad). */
  has(name: string): boolean {
    return this.#single.has(name);
  }

  /** The option's element, for reading attributes. */
  element(name: string): XmlElement | undefined {
    return this.#single.get(name);
  }

  /** The option's text, or undefined when absent or when it wrongly holds child elements. */
  raw(name: string): string | undefined {
    const el = this.#single.get(name);
    if (el === undefined) return undefined;
    if (el.children.length > 0) {
      this.problem(`<${name}> holds child elements (expected a plain value)`);
      return undefined;
    }
    return el.text;
  }

  /** Reads and validates an option; undefined when absent or invalid (the problem is recorded). */
  read<T>(name: string, check: (v: string) => Checked<T>): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const result = check(value);
    if (result.ok) return result.value;
    this.invalid(name, value, result.reason, result.expected);
    return undefined;
  }

  /** Reports a required option that is missing. */
  missing(name: string, expected: string): void {
    this.problem(`<${name}> is missing (expected ${expected})`);
  }
}

/** Checks a `type` attribute against the valid types; reports and returns undefined when wrong. */
export function checkType<T extends string>(
  out: Collector, label: string, el: XmlElement, valid: readonly T[], what: string,
): T | undefined {
  const type = el.attrs.type?.trim();
  const expected = `expected one of ${valid.join(', ')}`;
  if (type === undefined || type === '') {
    out.problems.push(`${label}: the type attribute is missing (${expected})`);
    return undefined;
  }
  if ((valid as readonly string[]).includes(type)) return type as T;
  const hint = suggest(type, valid);
  out.problems.push(`${label}: type '${type}' is not a ${what} type (${expected}${hint === undefined ? '' : `; did you mean '${hint}'?`})`);
  return undefined;
}

/** Drops properties whose value is undefined, so results compare and print cleanly. */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
