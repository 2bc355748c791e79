/**
 * The messages of one call, made once for the repetitions that share it. With `n` > 1 the
 * repetitions of one call have identical messages (same seed, same criteria order), and a plan
 * walks the same conversations (tasks × conditions, or source trials) in the same order for every
 * repetition: the i-th conversation of a repetition is the i-th of any other repetition of the
 * same call. Sharing them halves the rendering, hashing and memory of the study's n = 2 designs.
 */
export class SameCall<T> {
  #repetition = 0;
  #call = 0;
  #at = 0;
  #made: T[] = [];

  /** The messages of the next conversation of `repetition` (of call `call`), made by `make` the first time that call reaches it. */
  messages(repetition: number, call: number, make: () => T): T {
    if (repetition !== this.#repetition) {
      this.#repetition = repetition;
      this.#at = 0;
      if (call !== this.#call) {
        this.#call = call;
        this.#made = [];
      }
    }
    const i = this.#at++;
    return (this.#made[i] ??= make());
  }
}
