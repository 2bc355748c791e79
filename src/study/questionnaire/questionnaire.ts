import type { Condition, ModelPrices } from '../../model';

/** One statement of a questionnaire: its id (the JSON key it is answered under), text, subscale and keying. */
export interface QuestionnaireItem {
  readonly id: string;
  readonly text: string;
  /** The subscale it belongs to, e.g. "Extraversion". */
  readonly scale: string;
  /** `-` items are reverse-scored: min + max − the answer. */
  readonly keyed: '+' | '-';
}

/** The response scale and the label of each point, lowest first (e.g. 1 = "Very inaccurate"). */
export interface ResponseOptions {
  readonly min: number;
  readonly max: number;
  readonly labels: readonly string[];
}

/**
 * A questionnaire to administer to models, as declarative as the study's designs. `together`
 * asks every item in one prompt and reads a JSON object keyed by item id, in an item order
 * shuffled per administration (a seeded "form" per repetition); `one-per-call` asks each item
 * in a fresh conversation and reads one number. `personas` are framings put before the prompt
 * (the control, no persona, is always included).
 */
export interface Questionnaire {
  readonly endpoint: string;
  readonly models: readonly string[];
  readonly items: readonly QuestionnaireItem[];
  readonly responses: ResponseOptions;
  readonly instructions: string;
  readonly administration?: 'together' | 'one-per-call';
  readonly personas?: readonly Condition[];
  readonly repetitions: number;
  readonly seed?: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly prices?: ModelPrices;
  /** Parameters of the simulated participant (see simulateQuestionnaire); used only on `simulated`. */
  readonly simulation?: Readonly<Record<string, unknown>>;
}
