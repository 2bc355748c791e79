/** A response scale named in a prompt's words. */
export interface PromptScale {
  readonly min: number;
  readonly max: number;
}

/**
 * The scale a prompt asks for, read from its wording: "from 1 (not at all) to 10", "1 to 7",
 * "1-100". The study's 1-100 when the prompt names none.
 */
export function promptScale(prompt: string): PromptScale {
  const m =
    /\bfrom\s+(\d+)(?:\s*\([^)]*\))?\s+to\s+(\d+)/i.exec(prompt) ??
    /\b(\d+)(?:\s*\([^)]*\))?\s+to\s+(\d+)\b/i.exec(prompt) ??
    /\b(\d+)\s*[-–]\s*(\d+)\b/.exec(prompt);
  const min = m ? Number(m[1]) : 1;
  const max = m ? Number(m[2]) : 100;
  return max > min ? { min, max } : { min: 1, max: 100 };
}

/** A 1-100 score placed on `scale`, as a whole number. */
export function onScale(score: number, scale: PromptScale): number {
  return Math.round(scale.min + ((score - 1) / 99) * (scale.max - scale.min));
}
