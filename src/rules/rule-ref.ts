/** The rule reference an evaluation returns for a rule whose description substitutes fields. */
import type { RuleRef } from './types.ts';

/**
 * The final rule of an event whose description substitutes fields: the text is built when first
 * read (most events' descriptions are never read), and JSON.stringify writes all three fields.
 */
export class LazyRuleRef implements RuleRef {
  readonly id: string;
  readonly level: number;
  #describe: ((message: unknown) => string) | undefined;
  #message: unknown;
  #description: string | undefined;

  constructor(id: string, level: number, describe: (message: unknown) => string, message: unknown) {
    this.id = id;
    this.level = level;
    this.#describe = describe;
    this.#message = message;
  }

  get description(): string {
    if (this.#description === undefined) {
      this.#description = this.#describe!(this.#message);
      this.#describe = undefined;
      this.#message = undefined;
    }
    return this.#description;
  }

  toJSON(): { id: string; level: number; description: string } {
    return { id: this.id, level: this.level, description: this.description };
  }
}
