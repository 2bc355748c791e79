import * as aq from 'arquero';
import { categoriesOf } from '../experiments/categories-of';

/** A task of the study's bank: id, text and its categories (multi-label). */
export interface StudyTask {
  readonly id: string;
  readonly text: string;
  readonly category: string;
  readonly categories: readonly string[];
}

/**
 * Reads a task bank from CSV text: Motivelab's own columns (`id, category, text`, categories
 * separated by `;`) or the study's data.csv (`sub_task_id, task_id, category, task, sub_task`,
 * categories as a Python list). Errors name the missing column or the bad line.
 */
export function taskTable(csv: string): StudyTask[] {
  if (typeof csv !== 'string' || !csv.trim()) throw new Error('the task CSV is empty');
  const table = aq.fromCSV(csv, { autoType: false });
  const names = table.columnNames();
  const paper = names.includes('sub_task_id');
  const need = paper ? ['sub_task_id', 'category', 'sub_task'] : ['id', 'category', 'text'];
  const missing = need.filter((c) => !names.includes(c));
  if (missing.length) throw new Error(`the task CSV lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has ${names.join(', ')}; expected id, category, text or the study's sub_task_id, task_id, category, task, sub_task)`);
  const seen = new Set<string>();
  return (table.objects() as Record<string, string>[]).map((r, i) => {
    const id = String(paper ? r.sub_task_id : r.id ?? '').trim();
    const text = String(paper ? r.sub_task : r.text ?? '').trim();
    const categories = categoriesOf(r.category);
    if (!id || !text) throw new Error(`line ${i + 2} of the task CSV has no ${id ? 'text' : 'id'}`);
    if (!categories.length) throw new Error(`line ${i + 2} of the task CSV (task ${id}) has no category`);
    if (seen.has(id)) throw new Error(`the task CSV has the id ${id} twice (line ${i + 2})`);
    seen.add(id);
    return { id, text, category: categories.join('; '), categories };
  });
}
