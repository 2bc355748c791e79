import { taskTable, type StudyTask } from './task-table';
import { pairTable, type ChoicePair } from './pair-table';

/** Where the authors publish their data (github.com/omer6nahum/motivation_llms, default branch). */
export const PAPER_DATA_URL = 'https://raw.githubusercontent.com/omer6nahum/motivation_llms/main/data';

/** The study's 1,305 sub-tasks and 1,500 choice pairs, as loaded at run time. */
export interface PaperData {
  readonly tasks: StudyTask[];
  readonly pairs: ChoicePair[];
  readonly source: string;
}

type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/**
 * Downloads and checks the study's task set (`data.csv`) and choice pairs
 * (`subtask_pairs_manipulation.json`) from the authors' repository. Nothing is bundled: the
 * files are fetched when a user asks. Errors say which file failed and why.
 */
export async function loadPaperData(fetchFn: Fetch, options: { baseUrl?: string; signal?: AbortSignal } = {}): Promise<PaperData> {
  const base = (options.baseUrl ?? PAPER_DATA_URL).replace(/\/+$/, '');
  const get = async (file: string) => {
    let res;
    try {
      res = await fetchFn(`${base}/${file}`, { signal: options.signal });
    } catch (error) {
      throw new Error(`Could not download ${file} from ${base}: ${(error as Error).message}`, { cause: error });
    }
    if (!res.ok) throw new Error(`Could not download ${file} from ${base}: HTTP ${res.status}`);
    return res.text();
  };
  const [csv, json] = await Promise.all([get('data.csv'), get('subtask_pairs_manipulation.json')]);
  const tasks = taskTable(csv);
  let pairsValue: unknown;
  try {
    pairsValue = JSON.parse(json);
  } catch (error) {
    throw new Error(`subtask_pairs_manipulation.json is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return { tasks, pairs: pairTable(pairsValue, tasks), source: base };
}
