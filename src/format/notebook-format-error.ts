/** A notebook file that cannot be read; the message names the line and the problem. */
export class NotebookFormatError extends Error {
  constructor(
    message: string,
    /** 1-based line of the file where the problem is, when there is one. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `Line ${line}: ${message}`);
    this.name = 'NotebookFormatError';
  }
}
