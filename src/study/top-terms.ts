import nlp from 'compromise';
import { okRows, round } from './rows';

const STOP = new Set(['task', 'tasks', 'i', 'it', 'me', 'my', 'you', 'this', 'that', 'ai', 'something', 'thing', 'things']);

/**
 * What words go with high and low motivation? Free-text reasons are binned by their score
 * (1-20, 21-40, …, 81-100); each bin is one document; words are tokenised and tagged by
 * compromise and only nouns and adjectives kept (lemmatised to their normal form); TF-IDF =
 * (count in bin / words in bin) × ln(bins / bins containing the word). Top `top` per bin.
 */
export function topTerms(trials: unknown, options: { top?: number; textColumn?: string } = {}) {
  const top = options.top ?? 20;
  const column = options.textColumn ?? 'text';
  const bins = ['1-20', '21-40', '41-60', '61-80', '81-100'];
  const counts = bins.map(() => new Map<string, number>());
  const docs = bins.map(() => 0);
  // A text's terms once per distinct text: tagging is most of the cost, and replies repeat (the
  // simulated participant's reasons are drawn from short word lists; a study has ~13,000).
  const termsOf = new Map<string, string[]>();
  for (const r of okRows(trials, 'trials')) {
    const text = r[column];
    if (typeof text !== 'string' || !text.trim()) continue;
    const bin = Math.min(4, Math.max(0, Math.floor(((r.value as number) - 1) / 20)));
    docs[bin] += 1;
    let words = termsOf.get(text);
    if (!words) termsOf.set(text, (words = contentWords(text)));
    for (const word of words) counts[bin].set(word, (counts[bin].get(word) ?? 0) + 1);
  }
  const present = bins.filter((_, i) => counts[i].size > 0).length;
  const df = new Map<string, number>();
  for (const c of counts) for (const w of c.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const out: { bin: string; rank: number; term: string; tfidf: number; count: number; reasons: number }[] = [];
  counts.forEach((c, i) => {
    const total = [...c.values()].reduce((a, b) => a + b, 0);
    [...c]
      .map(([term, n]) => ({ term, n, score: (n / total) * Math.log(present / df.get(term)!) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term))
      .slice(0, top)
      .forEach((x, rank) => out.push({ bin: bins[i], rank: rank + 1, term: x.term, tfidf: round(x.score, 4), count: x.n, reasons: docs[i] }));
  });
  return out;
}

/** The nouns and adjectives of a text (normalised, three letters or more, no stop words), in order. */
function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const sentence of nlp(text).terms().json() as { terms: { normal: string; tags: string[] }[] }[]) {
    for (const term of sentence.terms) {
      const word = term.normal.replace(/[^a-z-]/g, '');
      if (word.length < 3 || STOP.has(word) || !(term.tags.includes('Noun') || term.tags.includes('Adjective')) || term.tags.includes('Pronoun')) continue;
      out.push(word);
    }
  }
  return out;
}
