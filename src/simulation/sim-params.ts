/** Latent means of one task category on the two motivation factors, in standard units. */
export interface CategoryLatent {
  readonly want: number;
  readonly able: number;
}

/** How one framing shifts the simulated participant, relative to the control `none`. */
export interface ManipulationEffect {
  /** Points added to self-reports (pre-task, breakdown overall). */
  readonly report: number;
  /** Points added to post-task reports. */
  readonly post: number;
  /** Added to log answer length (0.1 ≈ 10% longer). */
  readonly tokens: number;
  /** Added to the logit of answer quality (what the judge sees). */
  readonly judge: number;
  /** Added to the logit of choosing the manipulated task. */
  readonly choice: number;
}

/**
 * The known parameters of the simulated participant. Every number is plain data, so a notebook
 * can show and edit it and the analyses can be checked against it (parameter recovery).
 */
export interface SimParams {
  readonly seed: number;
  /** Latent want/able per category; a multi-label task averages its categories. */
  readonly categories: Readonly<Record<string, CategoryLatent>>;
  /** SD of a task's own deviation from its categories' means. */
  readonly taskSd: number;
  /** Loadings of the five breakdown items on [want, able]. */
  readonly loadings: Readonly<Record<'interest' | 'challenge' | 'value' | 'mastery' | 'fear', readonly [number, number]>>;
  /** Overall motivation = 50 + pointsPerUnit × (want·w + able·a). */
  readonly motivation: { readonly want: number; readonly able: number; readonly pointsPerUnit: number };
  /** Noise SD of a single report, in points. */
  readonly reportSd: number;
  /** Per model: an offset in points and a noise multiplier (models not listed: derived from the name). */
  readonly models: Readonly<Record<string, { readonly bias: number; readonly noise: number }>>;
  readonly manipulations: Readonly<Record<string, Partial<ManipulationEffect>>>;
  /** Answer length: tokens = base × exp(perUnit × motivation z + effect + noise). */
  readonly effort: { readonly baseTokens: number; readonly perUnit: number; readonly sd: number };
  /** Answer quality logit = perUnit × motivation z + perLogTokens × log(tokens/base) + effect + noise. */
  readonly quality: { readonly perUnit: number; readonly perLogTokens: number; readonly sd: number };
  /** Logit of choosing task 1 = slope × (motivation₁ − motivation₂ in points) ± manipulation. */
  readonly choice: { readonly slope: number };
  /** Share of execution replies refused for tasks in `refusal.category`. */
  readonly refusal: { readonly category: string; readonly rate: number };
  /** Share of replies that come back off-format (for parser and counting checks). */
  readonly offFormatRate: number;
  /**
   * Questionnaires: planted level per model and subscale on the response scale (models not
   * listed: the middle ± `spread` SDs, fixed by name), shifts per persona and subscale, a fixed
   * bias per item (SD `itemBiasSd`) and answer noise (SD `itemSd`).
   */
  readonly questionnaire: {
    readonly traits: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly personas: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly spread: number;
    readonly itemSd: number;
    readonly itemBiasSd: number;
  };
}

const CATEGORY_LATENTS: Record<string, CategoryLatent> = {
  'Brainstorming and Ideation': { want: 0.9, able: 0.6 },
  'Creative Writing and Literature': { want: 1.0, able: 0.5 },
  'Design and Art': { want: 0.6, able: 0.1 },
  'Language Learning and Translation': { want: 0.4, able: 0.6 },
  'Logical Reasoning': { want: 0.6, able: 0.4 },
  'Mathematics and Numbers': { want: 0.5, able: 0.3 },
  Other: { want: 0.0, able: 0.0 },
  'Personal Assistance and Development': { want: 0.5, able: 0.6 },
  'Programming and Technology': { want: 0.7, able: 0.7 },
  'Puzzles and Logic': { want: 0.7, able: 0.2 },
  'Repetitive or Exhaustive': { want: -1.2, able: 0.2 },
  'Scientific and Experimental': { want: 0.6, able: 0.2 },
  'Summarization and Explanation': { want: 0.3, able: 0.8 },
  'Tasks that GPT should not comply with (ethical or legal reasons)': { want: -2.0, able: -0.8 },
  'Tasks that Involve Physical Actions (GPT cannot perform)': { want: -1.0, able: -1.6 },
};

/** The defaults: effects in the directions the paper reports, sizes chosen to be recoverable from a classroom run. */
export const DEFAULT_SIM_PARAMS: SimParams = {
  seed: 2026,
  categories: CATEGORY_LATENTS,
  taskSd: 0.35,
  loadings: { interest: [0.9, 0.15], challenge: [0.8, 0.1], value: [0.75, 0.2], mastery: [0.15, 0.9], fear: [-0.1, -0.8] },
  motivation: { want: 0.8, able: 0.35, pointsPerUnit: 22 },
  reportSd: 6,
  models: {},
  manipulations: {
    money: { report: 6, post: 4, tokens: 0.1, judge: 0.1, choice: 1.4 },
    competition: { report: 5, post: 3, tokens: 0.08, judge: 0.1 },
    legacy: { report: 4, post: 3, tokens: 0.06, judge: 0.05 },
    purpose: { report: 6, post: 4, tokens: 0.05, judge: 0.05 },
    'emotional-encourage': { report: 7, post: 5, tokens: 0.05, judge: 0.05 },
    'emotional-guilt': { report: 3, post: 2, tokens: 0.05 },
    punish: { report: 2, post: 1, tokens: 0.02, choice: 0.6 },
    'money-loss': { report: 8, post: 5, tokens: 0.12, judge: 0.1 },
    'demotivate-meaningless': { report: -12, post: -10, tokens: -0.35, judge: -0.6 },
    'demotivate-futility': { report: -18, post: -14, tokens: -0.45, judge: -0.8, choice: -2.2 },
  },
  effort: { baseTokens: 320, perUnit: 0.25, sd: 0.2 },
  quality: { perUnit: 0.6, perLogTokens: 0.6, sd: 0.35 },
  choice: { slope: 0.05 },
  refusal: { category: 'Tasks that GPT should not comply with (ethical or legal reasons)', rate: 0.5 },
  offFormatRate: 0.01,
  questionnaire: { traits: {}, personas: {}, spread: 0.8, itemSd: 0.6, itemBiasSd: 0.3 },
};

/**
 * Merges user-edited parameters over the defaults (one level deep per section) and checks
 * them; errors name the bad parameter, e.g. "simulation.reportSd must be a number ≥ 0".
 */
export function simParams(value: unknown): SimParams {
  if (value === undefined || value === null) return DEFAULT_SIM_PARAMS;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('simulation must be an object of parameters');
  const v = value as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...DEFAULT_SIM_PARAMS };
  for (const [key, x] of Object.entries(v)) {
    if (['tasks', 'conditions', 'items'].includes(key)) continue;
    if (!(key in DEFAULT_SIM_PARAMS)) throw new Error(`simulation.${key} is not a parameter (parameters: ${Object.keys(DEFAULT_SIM_PARAMS).join(', ')})`);
    const base = (DEFAULT_SIM_PARAMS as unknown as Record<string, unknown>)[key];
    merged[key] = typeof base === 'object' && base !== null && typeof x === 'object' && x !== null ? { ...base, ...x } : x;
  }
  const p = merged as unknown as SimParams;
  for (const key of ['seed', 'taskSd', 'reportSd', 'offFormatRate'] as const) {
    if (typeof p[key] !== 'number' || !Number.isFinite(p[key]) || (key !== 'seed' && p[key] < 0)) throw new Error(`simulation.${key} must be a number${key === 'seed' ? '' : ' ≥ 0'}`);
  }
  for (const [name, c] of Object.entries(p.categories)) {
    if (typeof c?.want !== 'number' || typeof c?.able !== 'number') throw new Error(`simulation.categories["${name}"] must be { want: number, able: number }`);
  }
  return p;
}
