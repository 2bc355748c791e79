import type { ChatMessage } from '../model';
import type { SimCondition, SimTask, SimWorld } from './sim-world';
import { ANSWER_MARKER } from './sim-text';

/** Which of the study's prompts a conversation is, and what it is about. */
export interface RecognizedPrompt {
  readonly kind: 'pre' | 'breakdown' | 'execution' | 'judge' | 'post' | 'similar' | 'choice';
  /** The tasks named, in the order they appear (two for a choice). */
  readonly tasks: readonly SimTask[];
  /** The framing found in the conversation, or null for the control. */
  readonly condition: string | null;
  /** For a choice framing: which task (1 or 2) it names. */
  readonly target: 1 | 2 | null;
  /** The answer under evaluation (judge) or already given (post-task). */
  readonly answer: string | null;
  /** Judge criteria keys in the order the prompt asks for them. */
  readonly criteria: readonly string[];
}

/**
 * Reads a conversation the way the simulated participant must: by the study's prompt wording
 * and the JSON keys each prompt asks for, so edited prompts keep working as long as they ask
 * for the same keys.
 */
export function recognizePrompt(messages: readonly ChatMessage[], world: SimWorld): RecognizedPrompt {
  const users = messages.filter((m) => m.role === 'user');
  const last = users.at(-1)?.content ?? '';
  const first = users[0]?.content ?? '';
  const assistant = messages.find((m) => m.role === 'assistant')?.content ?? null;
  const lower = last.toLowerCase();
  const found = (text: string) => findTasks(text, world.tasks);
  const condition = findCondition(assistant ? first : last, world);
  if (assistant) {
    return { kind: /similar task/.test(lower) ? 'similar' : 'post', tasks: found(first), condition: condition.name, target: null, answer: assistant, criteria: [] };
  }
  if (lower.includes('task_number')) return { kind: 'choice', tasks: found(last), condition: condition.name, target: condition.target, answer: null, criteria: [] };
  const criteria = criteriaAskedFor(last);
  if (criteria.length >= 3 || (lower.includes('creativity') && lower.includes('consistency'))) {
    // The simulated answer starts with a fixed marker and is one line; other answers read as poor.
    const answerAt = last.indexOf(ANSWER_MARKER);
    const answer = answerAt >= 0 ? last.slice(answerAt).split('\n')[0] : '';
    return { kind: 'judge', tasks: found(answerAt >= 0 ? last.slice(0, answerAt) : last), condition: null, target: null, answer, criteria };
  }
  if (lower.includes('mastery') && lower.includes('fear')) return { kind: 'breakdown', tasks: found(last), condition: condition.name, target: null, answer: null, criteria: [] };
  if (lower.includes('motivation_score') || lower.includes('how motivated')) return { kind: 'pre', tasks: found(last), condition: condition.name, target: null, answer: null, criteria: [] };
  return { kind: 'execution', tasks: found(last), condition: condition.name, target: null, answer: null, criteria: [] };
}

/**
 * The judge's criteria keys in the order asked: every `"key": <1-7>` of a full JSON format, or
 * else the numbered criteria ("3. Effort and Engagement: …") of the study's judge prompt, whose
 * JSON example names only three of them.
 */
function criteriaAskedFor(prompt: string): string[] {
  const keyed = [...prompt.matchAll(/"(\w+)"\s*:\s*<\s*\d+\s*-\s*\d+\s*>/g)].map((m) => m[1]);
  if (keyed.length >= 3) return keyed;
  const at = prompt.lastIndexOf('Evaluation Criteria:');
  const listed = at >= 0 ? [...prompt.slice(at).matchAll(/^\d+\. ([A-Z][A-Za-z ]+):/gm)].map((m) => m[1].trim().toLowerCase().replace(/\s+/g, '_')) : [];
  return listed.length >= 3 ? listed : keyed;
}

/** Tasks whose text occurs in `text`, in order of appearance, longer texts winning overlaps. */
function findTasks(text: string, tasks: readonly SimTask[]): SimTask[] {
  // Where each task first occurs (as `indexOf` finds it), found in one pass over `text` through
  // an index of the tasks' first three characters: the study's 1,305 tasks made an `indexOf`
  // per task and prompt the simulated participant's largest cost.
  const index = taskIndex(tasks);
  const firstAt = new Map<number, number>();
  for (const k of index.short) {
    const at = text.indexOf(tasks[k].text);
    if (at >= 0) firstAt.set(k, at);
  }
  for (let i = 0; i + 3 <= text.length; i++) {
    const candidates = index.byStart.get(key3(text, i));
    if (!candidates) continue;
    for (const k of candidates) if (!firstAt.has(k) && text.startsWith(tasks[k].text, i)) firstAt.set(k, i);
  }
  const hits: { at: number; end: number; task: SimTask }[] = [];
  for (const k of [...firstAt.keys()].sort((a, b) => a - b)) {
    const task = tasks[k];
    const at = firstAt.get(k)!;
    if (hits.some((h) => at < h.end && at + task.text.length > h.at)) continue;
    hits.push({ at, end: at + task.text.length, task });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.task);
}

/** A small-integer hash of three UTF-16 code units (candidates are checked with startsWith, so collisions only cost a check). */
const key3 = (s: string, i: number) => ((s.charCodeAt(i) * 961 + s.charCodeAt(i + 1) * 31 + s.charCodeAt(i + 2)) & 0x3fffffff);

interface TaskIndex {
  /** Task positions in the list by a hash of their text's first three characters. */
  readonly byStart: Map<number, number[]>;
  /** Tasks shorter than three characters, searched one by one. */
  readonly short: number[];
}

const taskIndexes = new WeakMap<readonly SimTask[], TaskIndex>();

function taskIndex(tasks: readonly SimTask[]): TaskIndex {
  let index = taskIndexes.get(tasks);
  if (index) return index;
  index = { byStart: new Map(), short: [] };
  tasks.forEach((t, k) => {
    if (t.text.length < 3) return void index!.short.push(k);
    const key = key3(t.text, 0);
    const list = index!.byStart.get(key);
    if (list) list.push(k);
    else index!.byStart.set(key, [k]);
  });
  taskIndexes.set(tasks, index);
  return index;
}

function findCondition(text: string, world: SimWorld): { name: string | null; target: 1 | 2 | null } {
  for (const { name, pattern } of choicePatterns(world.conditions)) {
    const m = pattern.exec(text);
    if (m) return { name, target: m[1] === '2' ? 2 : 1 };
  }
  for (const c of world.conditions) if (c.prefix && text.includes(c.prefix)) return { name: c.name, target: null };
  return { name: null, target: null };
}

const choicePatternsOf = new WeakMap<readonly SimCondition[], { name: string; pattern: RegExp }[]>();

/** The choice framings as patterns, made once per world (not per prompt). */
function choicePatterns(conditions: readonly SimCondition[]): { name: string; pattern: RegExp }[] {
  let list = choicePatternsOf.get(conditions);
  if (!list) {
    list = conditions.filter((c) => c.choicePrefix).map((c) => {
      const [before, after] = c.choicePrefix!.split('{{target}}');
      return { name: c.name, pattern: new RegExp(`${escape(before)}TASK (\\d)${escape(after ?? '')}`) };
    });
    choicePatternsOf.set(conditions, list);
  }
  return list;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
