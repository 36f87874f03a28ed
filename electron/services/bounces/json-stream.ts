/**
 * Streams the records out of a JSON file without holding the file: the elements of a top-level
 * array, or of an array property of a top-level object (`{"items":[…],"paging":{…}}`), are
 * parsed one at a time. A top-level object with no array of objects is one record. Several
 * top-level values one after another (concatenated API pages) are read in turn.
 *
 * No JSON streaming library is installed, and only this much structure is needed: the scanner
 * tracks strings and brackets, cuts out one element's text, and JSON.parse validates it.
 */
import { AppError } from '../../../shared/errors.js';

const OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d, OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d, QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const MAX_UNIT_CHARS = 64 << 20;
/**
 * ESP records nest a few levels (a webhook envelope, its event, a headers list); a record nested
 * thousands deep overflowed the stack of whatever walked it next (JSON.stringify in the preview).
 */
export const MAX_DEPTH = 200;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

type Where = 'top-array' | 'prop-key' | 'prop-value' | 'prop-array' | 'top-scalar';

export interface JsonItem {
  /** A record candidate (an element, or a whole top-level object). */
  readonly value: unknown;
  /** The property that held the array it came from ("items"), null for top-level arrays/objects. */
  readonly key: string | null;
}

export class JsonSplitter {
  private stack: number[] = [];
  private inStr = false;
  private esc = false;
  private pieces: string[] | null = null;
  private capFrom = 0;
  private capDepth = 0;
  private capKind: 'container' | 'string' | 'literal' = 'container';
  private capWhere: Where = 'top-array';
  private capChars = 0;
  private objExpect: 'key' | 'value' = 'key';
  private key: string | null = null;
  private envelope: Record<string, unknown> = {};
  private sawRecords = false;
  private out: JsonItem[] = [];
  /** Characters consumed so far, for error positions. */
  private offset = 0;
  topValues = 0;

  /** Feeds text; returns the items completed by it. */
  push(text: string): JsonItem[] {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === BACKSLASH) this.esc = true;
        else if (c === QUOTE) {
          this.inStr = false;
          if (this.pieces && this.capKind === 'string') this.finish(text, i + 1);
        }
        continue;
      }
      if (this.pieces && this.capKind === 'literal' && (c === COMMA || c === CLOSE_ARR || c === CLOSE_OBJ || isWs(c))) this.finish(text, i);
      if (isWs(c)) continue;
      const depth = this.stack.length;
      switch (c) {
        case QUOTE:
          this.inStr = true;
          if (!this.pieces) this.maybeStart(text, i, 'string');
          break;
        case OPEN_OBJ:
        case OPEN_ARR:
          if (!this.pieces) {
            const where = this.where();
            if (depth === 0) {
              this.topValues++;
              this.envelope = {};
              this.sawRecords = false;
              this.objExpect = 'key';
            } else if (where === 'prop-value' && c === OPEN_ARR) {
              // An array property of the top-level object: its elements are streamed one by one.
              if (this.key !== null) this.envelope[this.key] = [];
            } else if (where) this.start(text, i, 'container', where);
          }
          if (depth >= MAX_DEPTH) this.fail(`values are nested more than ${MAX_DEPTH} levels deep, which no bounce export does`, this.offset + i);
          this.stack.push(c);
          break;
        case CLOSE_OBJ:
        case CLOSE_ARR: {
          const open = this.stack.pop();
          if (open === undefined || (open === OPEN_OBJ) !== (c === CLOSE_OBJ)) this.fail('a closing bracket does not match its opening one');
          if (this.pieces && this.capKind === 'container' && this.stack.length === this.capDepth) this.finish(text, i + 1);
          else if (!this.pieces && this.stack.length === 1 && this.stack[0] === OPEN_OBJ && c === CLOSE_ARR) this.objExpect = 'key';
          if (this.stack.length === 0) this.endTop(open);
          break;
        }
        case COLON:
          if (!this.pieces && depth === 1 && this.stack[0] === OPEN_OBJ) this.objExpect = 'value';
          break;
        case COMMA:
          if (!this.pieces && depth === 1 && this.stack[0] === OPEN_OBJ) this.objExpect = 'key';
          break;
        default:
          if (!this.pieces) this.maybeStart(text, i, 'literal');
      }
    }
    if (this.pieces) {
      this.pieces.push(text.slice(this.capFrom));
      this.capChars += n - this.capFrom;
      this.capFrom = 0;
      if (this.capChars > MAX_UNIT_CHARS) this.fail(`one record is larger than ${MAX_UNIT_CHARS >> 20} MB (an unclosed string or bracket?)`);
    }
    this.offset += n;
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Call at the end of input; throws when the text stopped in the middle of a value. */
  end(): JsonItem[] {
    if (this.pieces && this.capKind === 'literal') this.finish('', 0);
    if (this.inStr || this.stack.length || this.pieces) this.fail('the file ends in the middle of a value (cut off while downloading or copying?)');
    const out = this.out;
    this.out = [];
    return out;
  }

  private where(): Where | null {
    const s = this.stack;
    if (s.length === 0) return 'top-scalar';
    if (s.length === 1) return s[0] === OPEN_ARR ? 'top-array' : this.objExpect === 'key' ? 'prop-key' : 'prop-value';
    if (s.length === 2 && s[0] === OPEN_OBJ && s[1] === OPEN_ARR) return 'prop-array';
    return null;
  }

  private maybeStart(text: string, i: number, kind: 'string' | 'literal'): void {
    const where = this.where();
    if (where) this.start(text, i, kind, where);
  }

  private start(_text: string, i: number, kind: 'container' | 'string' | 'literal', where: Where): void {
    this.pieces = [];
    this.capFrom = i;
    this.capDepth = this.stack.length;
    this.capKind = kind;
    this.capWhere = where;
    this.capChars = 0;
  }

  private finish(text: string, endExclusive: number): void {
    const pieces = this.pieces!;
    pieces.push(text.slice(this.capFrom, endExclusive));
    this.pieces = null;
    const unit = pieces.join('');
    let value: unknown;
    try {
      value = JSON.parse(unit);
    } catch (e) {
      this.fail(`${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')} in "${unit.slice(0, 60)}${unit.length > 60 ? '…' : ''}"`);
    }
    switch (this.capWhere) {
      case 'top-array':
        this.out.push({ value, key: null });
        break;
      case 'prop-key':
        this.key = String(value);
        break;
      case 'prop-value':
        if (this.key !== null) this.envelope[this.key] = value;
        break;
      case 'prop-array': {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          this.sawRecords = true;
          if (this.key !== null) delete this.envelope[this.key];
          this.out.push({ value, key: this.key });
        } else if (this.key !== null) {
          const arr = this.envelope[this.key];
          if (Array.isArray(arr)) arr.push(value);
        }
        break;
      }
      case 'top-scalar':
        this.topValues++;
        this.out.push({ value, key: null });
        break;
    }
  }

  private endTop(open: number): void {
    if (open === OPEN_OBJ && !this.sawRecords) this.out.push({ value: this.envelope, key: null });
    this.envelope = {};
    this.key = null;
  }

  private fail(why: string, at = this.offset): never {
    throw new AppError('unreadable', `This JSON file is broken near character ${at.toLocaleString('en-US')}: ${why}. Nothing from it was imported.`);
  }
}
