/** A file that cannot be imported; the message names the file and the problem. Nothing was stored. */
export class DataFileError extends Error {
  constructor(
    /** The name of the file, as the user chose it. */
    readonly fileName: string,
    /** What is wrong, in words. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not import “${fileName}”: ${problem}. Nothing was changed.`, options);
    this.name = 'DataFileError';
  }
}
