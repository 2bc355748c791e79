/** One experiment cell to seed: its stored id, its design as the notebook computed it, and what it reads. */
export interface SeedCell {
  readonly name: string;
  readonly cellId: string;
  readonly spec: Record<string, unknown>;
  /** A design that continues or evaluates another experiment (seeded earlier in the list). */
  readonly upstream?: { readonly name: string; readonly field: 'continues' | 'evaluates'; readonly onlyControl?: boolean };
}

/** Trials written for one experiment, and how long the run and the store's writes took. */
export interface SeedResult {
  readonly name: string;
  /** Trials the design plans, and how the run ended (a run can stop early, e.g. after failures in a row). */
  readonly planned: number;
  readonly status: string;
  readonly message: string;
  readonly failed: number;
  readonly trials: number;
  readonly seconds: number;
  readonly writeSeconds: number;
}
