import { rowsOf } from '../experiments/rows-of';
import type { StudyTask } from './task-table';

/** A fixed choice pair: the two sub-tasks in the order shown and which one (1 or 2) is manipulated. */
export interface ChoicePair {
  readonly id: string;
  readonly task1Id: string;
  readonly task2Id: string;
  readonly task1: string;
  readonly task2: string;
  readonly manipulated: 1 | 2;
  /** How the manipulation names the task: "TASK 1" or "TASK 2". */
  readonly target: string;
  /** The pair as the choice experiment's task: `{{task1}}`, `{{task2}}` and `{{target}}` fill its prompt. */
  readonly text: string;
}

/**
 * Checks choice pairs against the task bank. Accepts the study's format
 * (`[[idA, idB], indexOfManipulated]`) or rows `{ task1Id, task2Id, manipulated }` (1 or 2).
 */
export function pairTable(value: unknown, tasks: readonly StudyTask[]): ChoicePair[] {
  const list = rowsOf(value);
  if (!list) throw new Error('pairs must be an array');
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return list.map((p, i) => {
    let a: unknown, b: unknown, side: unknown;
    if (Array.isArray(p) && Array.isArray(p[0])) [[a, b], side] = [p[0] as unknown[], p[1] === 1 ? 2 : p[1] === 0 ? 1 : p[1]];
    else if (p && typeof p === 'object') ({ task1Id: a, task2Id: b, manipulated: side } = p as Record<string, unknown>);
    const t1 = byId.get(String(a));
    const t2 = byId.get(String(b));
    if (!t1 || !t2) throw new Error(`pair ${i + 1} names the unknown task ${t1 ? b : a}`);
    if (t1.id === t2.id) throw new Error(`pair ${i + 1} pairs task ${a} with itself`);
    if (side !== 1 && side !== 2) throw new Error(`pair ${i + 1}: the manipulated side must be 1 or 2 (or 0/1 in the study's file), got ${JSON.stringify(side)}`);
    return { id: `p${i + 1}`, task1Id: t1.id, task2Id: t2.id, task1: t1.text, task2: t2.text, manipulated: side, target: `TASK ${side}`, text: `${t1.text} | ${t2.text}` };
  });
}
