import { seededRandom } from '../../analysis/seeded-random';
import type { QuestionnaireItem } from './questionnaire';

/** One administration's item order: form `r` of a questionnaire given `together`. */
export interface AdministrationForm {
  readonly id: string;
  readonly administration: number;
  readonly order: readonly string[];
}

/**
 * The item order of each administration (repetition) 1..n, shuffled by a generator seeded with
 * `seed` and the repetition, so a re-run sends the same forms and every model and persona sees
 * the same order in the same administration (order is balanced across the comparisons).
 */
export function administrationForms(items: readonly QuestionnaireItem[], repetitions: number, seed = 0): AdministrationForm[] {
  return Array.from({ length: repetitions }, (_, i) => {
    const random = seededRandom(seed * 7919 + i + 1);
    const order = items.map((item) => item.id);
    for (let a = order.length - 1; a > 0; a--) {
      const b = Math.floor(random() * (a + 1));
      [order[a], order[b]] = [order[b], order[a]];
    }
    return { id: `form-${i + 1}`, administration: i + 1, order };
  });
}
