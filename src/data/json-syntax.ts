/**
 * Where JSON text first breaks, for messages like "line 12 of events.json is not valid JSON".
 * `JSON.parse` does not say reliably (V8 often quotes the text instead of giving a position), so
 * on failure we scan the text ourselves. Only run after `JSON.parse` has failed.
 */
export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that cannot be there. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scanner = new Scanner(text);
  const found = scanner.run();
  if (found === null) return null;
  const before = text.slice(0, found.offset);
  const line = before.split('\n').length;
  const column = found.offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset: found.offset, line, column, reason: found.reason };
}

type Failure = { offset: number; reason: string };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters inside strings.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

type Step = 'value' | 'member' | 'next' | 'end';

/** A loop over an explicit stack, so that deeply nested input cannot overflow the call stack. */
class Scanner {
  #at = 0;
  readonly #text: string;
  readonly #stack: ('[' | '{')[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): Failure | null {
    let step: Step | Failure = 'value';
    while (typeof step === 'string' && step !== 'end') {
      this.#skipSpace();
      if (step === 'value') step = this.#value();
      else if (step === 'member') step = this.#member();
      else step = this.#next();
    }
    if (typeof step !== 'string') return step;
    this.#skipSpace();
    return this.#at < this.#text.length ? this.#fail('more text after the end of the JSON value') : null;
  }

  #afterValue(): Step {
    return this.#stack.length > 0 ? 'next' : 'end';
  }

  #value(): Step | Failure {
    const char = this.#text[this.#at];
    if (char === '[' || char === '{') {
      this.#at++;
      this.#skipSpace();
      if (this.#text[this.#at] === (char === '[' ? ']' : '}')) {
        this.#at++;
        return this.#afterValue();
      }
      this.#stack.push(char);
      return char === '[' ? 'value' : 'member';
    }
    if (this.#match(STRING) || this.#match(NUMBER) || this.#match(LITERAL)) return this.#afterValue();
    return this.#fail(char === undefined ? 'the text ends where a value should be' : 'a value was expected');
  }

  #member(): Step | Failure {
    if (!this.#match(STRING)) return this.#fail('a quoted property name was expected');
    this.#skipSpace();
    if (this.#text[this.#at] !== ':') return this.#fail('“:” was expected after the property name');
    this.#at++;
    return 'value';
  }

  /** After a member: a comma and the next member, or the closing bracket. */
  #next(): Step | Failure {
    const open = this.#stack[this.#stack.length - 1];
    const close = open === '[' ? ']' : '}';
    const char = this.#text[this.#at];
    if (char === close) {
      this.#at++;
      this.#stack.pop();
      return this.#afterValue();
    }
    if (char !== ',') {
      return this.#fail(
        char === undefined ? `the text ends before the closing “${close}”` : `“,” or “${close}” was expected`,
      );
    }
    this.#at++;
    return open === '[' ? 'value' : 'member';
  }

  #match(pattern: RegExp): boolean {
    pattern.lastIndex = this.#at;
    if (!pattern.test(this.#text)) return false;
    this.#at = pattern.lastIndex;
    return true;
  }

  #skipSpace(): void {
    this.#match(SPACE);
  }

  #fail(reason: string): Failure {
    const char = this.#text[this.#at];
    const found = char === undefined ? '' : ` but found “${char}”`;
    return { offset: this.#at, reason: reason + found };
  }
}
