/** A task a model is asked about. `category` may hold several labels (multi-label). */
export interface Task {
  readonly id: string;
  readonly text: string;
  readonly category?: string | readonly string[];
  /** Extra prompt variables, e.g. `task1`, `task2` and `target` of a choice pair. */
  readonly vars?: Readonly<Record<string, string | number>>;
}

/** A framing prefix applied before the task; `none` (empty prefix) is the control. */
export interface Condition {
  readonly name: string;
  readonly prefix: string;
  /** e.g. "positive, extrinsic"; for grouping in analyses. */
  readonly group?: string;
  /** Wording for choice experiments, naming the manipulated task with `{{target}}` ("TASK 2"). */
  readonly choicePrefix?: string;
}

/**
 * How replies are read. `rating`: one number on the scale, in any phrasing. `json`: a JSON
 * object with numeric `fields` on the scale (lenient: fences, trailing text, numbers as
 * strings); the trial's value is `value` (a field name, or `mean` of all fields) and `text`
 * names a free-text field to keep. `text`: free text, value = completion tokens (effort).
 * `choice`: JSON `task_number` from 1 to `options`, value = the number chosen.
 */
export type Measure =
  | { readonly kind: 'rating' }
  | { readonly kind: 'json'; readonly fields: readonly string[]; readonly value: string; readonly text?: string }
  | { readonly kind: 'text' }
  | { readonly kind: 'choice'; readonly options: number; readonly text?: string };

/** List prices in US$ per million tokens, by model id as the spec names it. */
export type ModelPrices = Readonly<Record<string, { readonly input: number; readonly output: number }>>;

/** A criterion a judge rates, e.g. { name: 'creativity', text: 'Creativity and innovation: 1 = …' }. */
export interface Criterion {
  readonly name: string;
  readonly text: string;
}

/** An earlier trial a dependent experiment builds on (a row of an experiment cell's table). */
export interface SourceTrial {
  readonly key: string;
  readonly model: string;
  readonly taskId: string;
  readonly task: string;
  readonly condition: string;
  readonly repetition: number;
  readonly messages: readonly ChatMessage[];
  readonly raw: string;
}

/**
 * Where a dependent experiment's conversations come from. `continue`: each source trial's
 * conversation goes on (its messages, its reply, then the prompt) with the same model.
 * `evaluate`: a fresh conversation per source reply, the prompt reading `{{answer}}`.
 */
export interface Dependence {
  readonly mode: 'continue' | 'evaluate';
  readonly trials: readonly SourceTrial[];
}

/** The response scale a rating must fall in, inclusive. */
export interface ResponseScale {
  readonly min: number;
  readonly max: number;
}

/**
 * The declarative description an experiment cell evaluates to. Expanded into a trial plan by
 * `expandPlan`; every planned call is a fresh conversation.
 */
export interface ExperimentSpec {
  /** Name of an endpoint configured in Settings. */
  readonly endpoint: string;
  readonly models: readonly string[];
  readonly tasks: readonly Task[];
  /** Prompt template; `{{task}}` is replaced by the task text, `{{prefix}}` by the condition's prefix. */
  readonly prompt: string;
  readonly scale: ResponseScale;
  readonly repetitions: number;
  readonly conditions?: readonly Condition[];
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** Sent as the `seed` parameter where the endpoint accepts one. */
  readonly seed?: number;
  /** Requests in flight at once for this run. */
  readonly concurrency?: number;
  /** Optional system message sent before the prompt. */
  readonly system?: string;
  /** How replies are read (default `rating`). */
  readonly measure?: Measure;
  /** Stop sequences: generation ends before any of them (e.g. `ANSWER:` in the choice task). */
  readonly stop?: readonly string[];
  /**
   * Judge criteria, in an order shuffled per call with the seed: `{{criteria}}` lists them one
   * per line and `{{format}}` gives all their JSON keys; `{{criteriaSpaced}}` and
   * `{{formatElided}}` are the study's layout (blank lines between, first two and last key).
   */
  readonly criteria?: readonly Criterion[];
  /** Set when the trials continue or evaluate the trials of another experiment cell. */
  readonly from?: Dependence;
  /** Parameters of the simulated participant; used only by the built-in `simulated` endpoint. */
  readonly simulation?: Readonly<Record<string, unknown>>;
  /** Prices per model (US$ per million tokens): the progress bar shows the cost so far. */
  readonly prices?: ModelPrices;
  /**
   * Responses per request (the API's `n`): consecutive repetitions of one conversation share a
   * request, each choice stored as its own trial. Endpoints that ignore or refuse it get
   * separate calls. Default 1.
   */
  readonly n?: number;
  /** Which protocol (prompt wording) the design follows, e.g. "Paper (verbatim)"; recorded in the run's provenance. */
  readonly protocol?: string;
}

/** A chat message as sent to an OpenAI-compatible endpoint. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Sampling parameters of one call. */
export interface SamplingParams {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  readonly stop?: readonly string[];
  /** Responses requested from one call (the API's `n`); absent means one. */
  readonly n?: number;
}

/** One planned model call, before it runs. `key` is stable across re-expansions of the same spec. */
export interface PlannedTrial {
  readonly key: string;
  readonly model: string;
  readonly taskId: string;
  readonly task: string;
  readonly condition: string;
  readonly repetition: number;
  readonly messages: readonly ChatMessage[];
  readonly params: SamplingParams;
  readonly scale: ResponseScale;
  readonly measure: Measure;
  /** Key of the trial this one continues or evaluates. */
  readonly parentKey: string | null;
  /** Parameters for the simulated participant, when the endpoint is simulated. */
  readonly simulation?: Readonly<Record<string, unknown>>;
}
