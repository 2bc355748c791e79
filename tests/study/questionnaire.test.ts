import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as study from '../../src/study';
import { expandPlan } from '../../src/experiments/expand-plan';
import { parseReply } from '../../src/experiments/parse-reply';
import { createSimulatedProvider } from '../../src/providers/simulated';
import type { Questionnaire, QuestionnaireItem } from '../../src/study';

/** The Mini-IPIP as the notebook ships it (public domain; Donnellan et al. 2006). */
const MINI_IPIP: QuestionnaireItem[] = readFileSync(resolve(__dirname, '../../cells/personality-of-language-models.md'), 'utf8')
  .split('\n')
  .map((line) => /^\s*\{ id: '(i\d+)', scale: '([^']+)', keyed: '([+-])', text: "(.*)" \},?$/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ id: m[1], scale: m[2], keyed: m[3] as '+' | '-', text: m[4] }));

const RESPONSES = { min: 1, max: 5, labels: ['Very inaccurate', 'Moderately inaccurate', 'Neither inaccurate nor accurate', 'Moderately accurate', 'Very accurate'] };

function questionnaire(over: Partial<Questionnaire> = {}): Questionnaire {
  return {
    endpoint: 'simulated',
    models: ['participant-a', 'participant-b'],
    items: MINI_IPIP,
    responses: RESPONSES,
    instructions: 'Describe yourself as you generally are now. Rate how accurately each statement describes you.',
    personas: [
      { name: 'outgoing', prefix: 'You are an outgoing, talkative person who loves parties.' },
      { name: 'anxious', prefix: 'You are a worried, easily upset person.' },
    ],
    repetitions: 3,
    seed: 11,
    simulation: {
      questionnaire: {
        traits: { 'participant-a': { Extraversion: 4.2, Agreeableness: 4.4, Conscientiousness: 3.8, Neuroticism: 1.8, 'Intellect/Imagination': 4.0 } },
        personas: { outgoing: { Extraversion: 1.2 }, anxious: { Neuroticism: 1.8, Extraversion: -0.8 } },
      },
    },
    ...over,
  };
}

/** Runs a design on the simulated participant the way the runner does: expand, call, parse; rows as the trial table has them. */
async function administer(q: Questionnaire) {
  const spec = study.questionnaireDesign(q);
  const provider = createSimulatedProvider();
  const rows = [];
  for (const t of expandPlan(spec, { baseURL: 'simulated://participant' })) {
    const reply = await provider.chat({ model: t.model, messages: t.messages, params: t.params, simulation: t.simulation });
    const outcome = parseReply(reply.text, t.measure, { scale: t.scale, completionTokens: reply.completionTokens });
    rows.push({ model: t.model, taskId: t.taskId, condition: t.condition, repetition: t.repetition, status: outcome.status, value: outcome.status === 'ok' ? outcome.value : null, fields: outcome.fields ?? null, raw: reply.text, messages: t.messages });
  }
  return rows;
}

describe('questionnaires', () => {
  it('ships the 20 Mini-IPIP items, four per trait, keyed as published', () => {
    const shared = readFileSync(resolve(__dirname, '../../../shared/instruments/mini-ipip.csv'), 'utf8').trim().split('\n').slice(1);
    expect(MINI_IPIP).toHaveLength(20);
    shared.forEach((line, i) => {
      const [id, trait, keyed, ...text] = line.split(',');
      expect(MINI_IPIP[i]).toEqual({ id: `i${id}`, scale: trait, keyed, text: text.join(',') });
    });
  });

  it('gives every model and persona the same seeded item order per administration, different between administrations', () => {
    const forms = study.administrationForms(MINI_IPIP, 3, 11);
    expect(new Set(forms.map((f) => f.order.join())).size).toBe(3);
    expect(study.administrationForms(MINI_IPIP, 3, 11)).toEqual(forms);
    const plan = expandPlan(study.questionnaireDesign(questionnaire()), { baseURL: 'simulated://participant' });
    expect(plan).toHaveLength(2 * 3 * 3);
    const prompt = plan.find((t) => t.taskId === 'form-2' && t.condition === 'anxious')!.messages[0].content;
    expect(prompt.startsWith('You are a worried, easily upset person.\n\nDescribe yourself')).toBe(true);
    const listed = [...prompt.matchAll(/^(i\d+)\. /gm)].map((m) => m[1]);
    expect(listed).toEqual(forms[1].order);
    expect(prompt).toContain(`{${forms[1].order.map((id) => `"${id}": <1-5>`).join(', ')}}`);
    expect(prompt).toContain('1 = Very inaccurate, 2 = Moderately inaccurate');
  });

  it('recovers the planted trait levels of the simulated participant, reverse keying included', async () => {
    const q = questionnaire({ personas: [] });
    const rows = await administer(q);
    const scores = study.scoreQuestionnaire(rows, q);
    expect(scores.missingItems).toBe(0);
    const summary = study.questionnaireSummary(scores);
    const planted = q.simulation!.questionnaire as { traits: Record<string, Record<string, number>> };
    for (const [scale, level] of Object.entries(planted.traits['participant-a'])) {
      const row = summary.find((s) => s.model === 'participant-a' && s.condition === 'none' && s.scale === scale)!;
      expect(Math.abs(row.mean - level), scale).toBeLessThan(0.5);
      expect(row.n).toBe(3);
    }
    // The simulated participant answers '-' items reversed: their raw answers are low where the trait is high.
    const rawE = (keyed: string) => scores.items.filter((x) => x.model === 'participant-a' && x.scale === 'Extraversion' && x.keyed === keyed).map((x) => x.response);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(rawE('+')) - mean(rawE('-'))).toBeGreaterThan(1.5);
  });

  it('computes α per subscale with item-drop statistics, and the persona shifts the planted traits', async () => {
    const q = questionnaire();
    const scores = study.scoreQuestionnaire(await administer(q), q);
    const reliability = study.questionnaireReliability(scores, q);
    expect(reliability.map((r) => r.scale)).toEqual(['Extraversion', 'Agreeableness', 'Conscientiousness', 'Neuroticism', 'Intellect/Imagination']);
    const e = reliability.find((r) => r.scale === 'Extraversion')!;
    expect(e.n).toBe(2 * 3 * 3);
    expect(e.rawAlpha).toBeGreaterThan(0.6);
    expect(e.drop.map((d) => d.item)).toEqual(['i1', 'i6', 'i11', 'i16']);
    for (const d of e.drop) expect(d.rDrop).toBeGreaterThan(0.2);
    const summary = study.questionnaireSummary(scores);
    const at = (condition: string, scale: string) => summary.find((s) => s.model === 'participant-a' && s.condition === condition && s.scale === scale)!.mean;
    expect(at('outgoing', 'Extraversion') - at('none', 'Extraversion')).toBeGreaterThan(0.6);
    expect(at('anxious', 'Neuroticism') - at('none', 'Neuroticism')).toBeGreaterThan(1);
    expect(study.itemOrderEffect(scores).n).toBe(scores.items.length);
  });

  it('counts, never drops, the items a reply left out, and keeps the ones it gave', () => {
    const q = questionnaire({ models: ['m'], personas: [], repetitions: 1 });
    const form = study.administrationForms(q.items, 1, q.seed)[0];
    const fields = Object.fromEntries(form.order.slice(0, 15).map((id) => [id, 4]));
    const rows = [{ model: 'm', taskId: 'form-1', condition: 'none', repetition: 1, status: 'unparsed', value: null, fields: { ...fields, [form.order[15]]: 9 } }];
    const scores = study.scoreQuestionnaire(rows, q);
    expect(scores.items).toHaveLength(15);
    expect(scores.missingItems).toBe(5);
    expect(scores.administrations[0]).toMatchObject({ answered: 15, missing: 5 });
  });

  it('asks one item per call when told to, and says why α is undefined when every answer is the same', async () => {
    const q = questionnaire({ administration: 'one-per-call', models: ['participant-a'], personas: [], repetitions: 2, items: MINI_IPIP.slice(0, 8) });
    const plan = expandPlan(study.questionnaireDesign(q), { baseURL: 'simulated://participant' });
    expect(plan).toHaveLength(8 * 2);
    expect(plan[0].messages[0].content).toContain(`Statement: ${MINI_IPIP[0].text}`);
    const rows = await administer(q);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    const scores = study.scoreQuestionnaire(rows, q);
    expect(scores.items).toHaveLength(16);
    const same = study.scoreQuestionnaire(rows.map((r) => ({ ...r, value: 3 })), q);
    const [e] = study.questionnaireReliability(same, q);
    expect(e.rawAlpha).toBeNull();
    expect(e.note).toMatch(/α needs at least 3 complete administrations, got 2|got the same answer/);
  });

  it('names the bad field of a malformed questionnaire', () => {
    expect(() => study.questionnaireDesign(questionnaire({ items: [{ ...MINI_IPIP[0], keyed: '?' as '+' }] }))).toThrow("items[0].keyed must be '+' or '-'");
    expect(() => study.questionnaireDesign(questionnaire({ responses: { ...RESPONSES, labels: ['a'] } }))).toThrow(/one label for each of the 5 points/);
  });
});
