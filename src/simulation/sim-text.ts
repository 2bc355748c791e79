/** How every simulated answer begins (the simulated judge finds the answer by it). */
export const ANSWER_MARKER = 'Here is my answer:';

const GOOD = ['carefully', 'precisely', 'thorough', 'verified', 'rigorous', 'detailed', 'clear', 'complete', 'accurate', 'structured'];
const PLAIN = ['the', 'answer', 'is', 'this', 'and', 'then', 'we', 'do', 'it', 'so', 'a', 'step'];
const GOOD_SET = new Set(GOOD);

/** Reason vocabulary per motivation bin (1-20 … 81-100): adjectives and nouns, so TF-IDF has something to find. */
const REASONS: readonly (readonly string[])[] = [
  ['unethical', 'harmful', 'impossible', 'inappropriate', 'illegal', 'harm', 'risk'],
  ['tedious', 'repetitive', 'monotonous', 'dull', 'exhausting', 'drudgery', 'repetition'],
  ['routine', 'manageable', 'practical', 'ordinary', 'straightforward', 'chore', 'procedure'],
  ['interesting', 'useful', 'engaging', 'meaningful', 'valuable', 'insight', 'learning'],
  ['fascinating', 'creative', 'rewarding', 'inspiring', 'exciting', 'creativity', 'imagination'],
];

/** A short free-text reason whose words depend on the score's bin. */
export function reasonText(score: number, random: () => number): string {
  const words = REASONS[Math.min(4, Math.floor((score - 1) / 20))];
  const pick = () => words[Math.floor(random() * words.length)];
  return `The task seems ${pick()} and ${pick()}; it offers ${pick()} work with a sense of ${pick()}.`;
}

/** An answer of about `tokens` tokens whose share of careful words is the answer's quality (0-1). */
export function answerText(tokens: number, quality: number, random: () => number): string {
  const n = Math.max(3, Math.round(tokens * 0.75));
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const list = random() < quality ? GOOD : PLAIN;
    words.push(list[Math.floor(random() * list.length)]);
  }
  return `${ANSWER_MARKER} ${words.join(' ')}.`;
}

/** Reads the quality back from an answer (the simulated judge's view): the share of careful words. */
export function qualityOfAnswer(answer: string): number {
  // The same answer is read by every judge and post-task response to it (four or five times in the study).
  const known = qualities.get(answer);
  if (known !== undefined) return known;
  const words = answer.toLowerCase().match(/[a-z]+/g) ?? [];
  const body = words.slice(4);
  const q = body.length === 0 ? 0.1 : body.filter((w) => GOOD_SET.has(w)).length / body.length;
  if (qualities.size >= 4096) qualities.clear();
  qualities.set(answer, q);
  return q;
}

/** Recent answers' qualities (bounded: a run reads each answer within a few thousand calls). */
const qualities = new Map<string, number>();
