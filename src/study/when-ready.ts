import { StudyNote } from './study-note';

/**
 * `build()` when none of `inputs` is a StudyNote; otherwise the first note, unchanged, so a
 * figure or table that reads an analysis which could not run says why in its place.
 */
export function whenReady<T>(inputs: readonly unknown[], build: () => T): T | StudyNote {
  const waiting = inputs.find((x) => x instanceof StudyNote);
  return waiting instanceof StudyNote ? waiting : build();
}
