import type { ChatMessage } from '../model';
import { fillPieces, type PromptValues } from './render-prompt';

/**
 * How a prompt's values are hashed, by name: as the pieces listed (each escaped once per plan, as
 * the criteria's texts), escaped anew in every call (null: an answer, different in each), or
 * (a name not listed) escaped once per plan as a whole (a task's text, a prefix).
 */
export type ValueParts = Readonly<Record<string, readonly string[] | null>>;

/** The most escaped texts remembered: the study's template pieces, task texts and criteria are far fewer. */
const MAX_REMEMBERED = 8192;
/** Shorter texts are escaped each time: that costs less than remembering them. */
const MIN_REMEMBERED = 64;

/**
 * A call's messages as `JSON.stringify(messages)` writes them, in pieces whose concatenation is
 * exactly that text, for the key's hash (`stableHash` over pieces). The judge's prompt is ~6 KB
 * (two-byte: one curly quote), and a plan stringified and hashed it whole per call: most of its
 * expansion's time, and every rendered prompt flattened into a string of its own. In pieces, the
 * texts a plan repeats (the template's, a task's, each criteria order's) are escaped once, and the
 * rendered prompt, never read here, stays the concatenation of those shared texts.
 * Shared by every plan (`planContext`): an escape depends only on its text, and the page expands
 * a plan in slices, each a plan of its own that would otherwise escape every text again.
 */
export class MessagesJson {
  readonly #escaped = new Map<string, Uint16Array>();
  readonly #whole = new WeakMap<ChatMessage, string>();
  /** How many texts were escaped and messages stringified: what the tests count. */
  escapes = 0;

  /** A message made elsewhere (a source conversation's), stringified once per message object. */
  message(m: ChatMessage): string {
    let json = this.#whole.get(m);
    if (json === undefined) this.#whole.set(m, (json = JSON.stringify(m)));
    return json;
  }

  /** `{ role, content }` whose content is whole text, escaped each time (an answer differs per call). */
  text(role: ChatMessage['role'], content: string): string {
    this.escapes++;
    return `{"role":${JSON.stringify(role)},"content":${JSON.stringify(content)}}`;
  }

  /** `{ role, content }` whose content is `renderPrompt`'s: `pieces` (filledPieces) filled with `values`, hashed as `parts` says. */
  prompt(role: ChatMessage['role'], pieces: readonly string[], values: PromptValues, parts: ValueParts = {}): (string | Uint16Array)[] {
    const out: (string | Uint16Array)[] = [`{"role":${JSON.stringify(role)},"content":"`];
    let last = '';
    // JSON escapes a lone surrogate: a pair split between two pieces would be escaped as two.
    const add = (text: string, remember: boolean) => {
      if (!text) return true;
      if (splitsPair(last, text)) return false;
      out.push(remember && text.length >= MIN_REMEMBERED ? this.#remembered(text) : this.#escape(text));
      last = text;
      return true;
    };
    for (let i = 0; i < pieces.length; i++) {
      // Own names only: a placeholder may be called `constructor`.
      const listed = i % 2 === 1 && Object.hasOwn(parts, pieces[i]) ? parts[pieces[i]] : undefined;
      const whole = listed === undefined ? add(i % 2 === 0 ? pieces[i] : String(values[pieces[i]]), true) : listed === null ? add(String(values[pieces[i]]), false) : listed.every((p) => add(p, true));
      if (!whole) return [this.text(role, fillPieces(pieces, values))];
    }
    out.push('"}');
    return out;
  }

  /** A repeated text's escape, as code units: read for every call's hash. */
  #remembered(text: string): Uint16Array {
    let json = this.#escaped.get(text);
    if (json === undefined) {
      if (this.#escaped.size >= MAX_REMEMBERED) this.#escaped.clear();
      const escaped = this.#escape(text);
      json = new Uint16Array(escaped.length);
      for (let i = 0; i < escaped.length; i++) json[i] = escaped.charCodeAt(i);
      this.#escaped.set(text, json);
    }
    return json;
  }

  #escape(text: string): string {
    this.escapes++;
    return JSON.stringify(text).slice(1, -1);
  }
}

function splitsPair(before: string, after: string): boolean {
  const high = before.charCodeAt(before.length - 1);
  const low = after.charCodeAt(0);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
