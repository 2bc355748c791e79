/**
 * What an analysis says instead of a result when the data do not allow one yet: no trials, too
 * few sub-tasks, one repetition … `note` is one plain sentence naming what is missing and the
 * input to change. It is a value, not an error: the notebook shows it as a quiet note in the
 * cell's place (see `valueView`), and cells that read it pass it on (`whenReady`) instead of
 * failing, so a small or empty run never paints the page red.
 */
export class StudyNote {
  constructor(readonly note: string) {}

  toString(): string {
    return this.note;
  }
}

/** A note for a cell to show in place of its result (`study.note('no trials yet …')`). */
export function note(message: string): StudyNote {
  return new StudyNote(message);
}
