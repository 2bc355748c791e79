/** A notebook of one experiment (two models rate `tasks` tasks once on the `local` endpoint) and a count per model. */
export function ratingsNotebook(title: string, tasks: number): string {
  return `---
title: ${title}
---

\`\`\`experiment ratings
{
  endpoint: 'local',
  models: ['m1', 'm2'],
  tasks: Array.from({ length: ${tasks} }, (_, i) => ({ id: 't' + i, text: 'Task ' + i })),
  prompt: 'Rate {{task}} from {{min}} to {{max}}.',
  scale: { min: 1, max: 10 },
  repetitions: 1,
}
\`\`\`

\`\`\`query byModel
ratings.groupby('model').rollup({ n: op.count() })
\`\`\`
`;
}
