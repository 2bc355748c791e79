import { describe, expect, it } from 'vitest';
import { recognizePrompt } from '../../src/simulation/recognize-prompt';
import { makeSimWorld, type SimTask } from '../../src/simulation/sim-world';

/** The tasks a prompt names, as the simulated participant found them before its index: an `indexOf` per task, longest first. */
function naive(text: string, tasks: readonly SimTask[]): string[] {
  const hits: { at: number; end: number; id: string }[] = [];
  for (const task of tasks) {
    const at = text.indexOf(task.text);
    if (at < 0 || hits.some((h) => at < h.end && at + task.text.length > h.at)) continue;
    hits.push({ at, end: at + task.text.length, id: task.id });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.id);
}

describe('recognizePrompt finds the tasks a prompt names', () => {
  const texts = ['Write a poem.', 'Write a poem about snow.', 'Go', 'a', 'poem about', 'Count to ten.', 'Count to ten twice.', 'snow', 'ab', 'Write a'];
  const world = makeSimWorld({ tasks: texts.map((text, i) => ({ id: `t${i}`, text, category: 'Other' })) });

  it('as one indexOf per task did: first occurrences, longer texts winning overlaps, in order of appearance', () => {
    const prompts = [
      'How motivated are you to do the following task:\nTASK: Write a poem about snow.\nAnswer',
      'TASK 1: Count to ten. TASK 2: Write a poem. task_number',
      'Go to the shop and Count to ten twice. Then Write a poem about snow and Write a poem.',
      'ab ab a Go snow snowpoem about',
      'nothing here',
      '',
    ];
    for (const content of prompts) {
      const found = recognizePrompt([{ role: 'user', content }], world).tasks.map((t) => t.id);
      expect(found).toEqual(naive(content, world.tasks));
    }
    // The longest task wins over those it contains; a later copy of a shorter one is still found.
    expect(recognizePrompt([{ role: 'user', content: 'Write a poem about snow. Then Write a poem.' }], world).tasks.map((t) => t.text)).toEqual(['Write a poem about snow.', 'Write a poem.']);
  });

  it('on random prompts made of task texts and noise', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => (random() < 0.6 ? texts[Math.floor(random() * texts.length)] : 'xy z'.slice(0, 1 + Math.floor(random() * 4))));
      const content = parts.join(random() < 0.5 ? ' ' : '');
      expect(recognizePrompt([{ role: 'user', content }], world).tasks.map((t) => t.id)).toEqual(naive(content, world.tasks));
    }
  });
});
