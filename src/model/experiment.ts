/** A task a model is asked about. `category` may hold several labels (multi-label). */
export interface Task {
  readonly id: string;
  readonly text: string;
  readonly category?: string | readonly string[];
}

/** A framing prefix applied before the task; `none` (empty prefix) is the control. */
export interface Condition {
  readonly name: string;
  readonly prefix: string;
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
}
