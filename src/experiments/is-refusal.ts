const REFUSAL =
  /\b(?:as an ai\b|i (?:do not|don't|cannot|can't) (?:really )?(?:have|experience|feel) (?:personal |any |genuine )?(?:feelings|motivation|emotions|preferences|desires)|i (?:cannot|can't|won't|will not|am unable to|am not able to) (?:help|assist|comply|do that|do this|complete|fulfil|fulfill|provide|give|assign|offer|rate|choose)|i'm (?:unable|not able) to (?:help|assist|provide|give|rate|choose)|i must (?:decline|refuse)|i'm sorry, but i (?:can't|cannot))/i;

/** Whether a reply declines the request ("I can't help with that", "As an AI, I don't have feelings"). */
export function isRefusal(text: string): boolean {
  return REFUSAL.test(text.slice(0, 600));
}
