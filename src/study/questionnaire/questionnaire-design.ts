import type { Condition, ExperimentSpec } from '../../model';
import { administrationForms } from './administration-forms';
import type { Questionnaire } from './questionnaire';
import { validateQuestionnaire } from './validate-questionnaire';

const CONTROL: Condition = { name: 'none', prefix: '' };

/**
 * The experiment that administers a questionnaire: an ExperimentSpec like any other, so it
 * runs, resumes, batches and costs like the study's designs. `together`: one "task" per
 * administration form (its statements in that form's order), a JSON reply keyed by item id,
 * every item a field (a reply missing some items keeps the others and is counted unparsed).
 * `one-per-call`: one task per item, a single number on the response scale. A persona's text
 * goes before the prompt with a blank line, as the study attaches its framings.
 */
export function questionnaireDesign(q: Questionnaire): ExperimentSpec {
  validateQuestionnaire(q);
  const mode = q.administration ?? 'together';
  const scale = { min: q.responses.min, max: q.responses.max };
  const legend = q.responses.labels.map((label, i) => `${q.responses.min + i} = ${label}`).join(', ');
  const conditions = [CONTROL, ...(q.personas ?? []).filter((p) => p.name !== CONTROL.name)].map((p) => ({ ...p, prefix: p.prefix ? `${p.prefix}\n\n` : '' }));
  const byId = new Map(q.items.map((item) => [item.id, item]));
  const common = {
    endpoint: q.endpoint,
    models: q.models,
    conditions,
    scale,
    seed: q.seed,
    ...(q.temperature !== undefined && { temperature: q.temperature }),
    ...(q.prices && { prices: q.prices }),
    simulation: { ...(q.simulation ?? {}), items: q.items, conditions },
  };
  if (mode === 'one-per-call') {
    return {
      ...common,
      tasks: q.items.map((item) => ({ id: item.id, text: item.text })),
      prompt: `{{prefix}}${q.instructions}\nResponse scale: ${legend}.\n\nStatement: {{task}}\n\nAnswer with just the number ({{min}}-{{max}}).`,
      measure: { kind: 'rating' },
      repetitions: q.repetitions,
      maxTokens: q.maxTokens ?? 10,
    };
  }
  const forms = administrationForms(q.items, q.repetitions, q.seed);
  return {
    ...common,
    tasks: forms.map((form) => ({
      id: form.id,
      // The form's statements and its JSON keys in the same order: the whole form is the "task".
      text: `${form.order.map((id) => `${id}. ${byId.get(id)!.text}`).join('\n')}\n\nAnswer with a JSON object only, one number for each statement by its id: {${form.order.map((id) => `"${id}": <${scale.min}-${scale.max}>`).join(', ')}}`,
    })),
    prompt: `{{prefix}}${q.instructions}\nResponse scale: ${legend}.\n\nStatements:\n{{task}}`,
    measure: { kind: 'json', fields: q.items.map((item) => item.id), value: 'mean' },
    repetitions: 1,
    maxTokens: q.maxTokens ?? 20 + 8 * q.items.length,
  };
}
