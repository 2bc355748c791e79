export { parseNotebook, type ParseOptions, CODE_CELL_KINDS, MARKDOWN_SEPARATOR, MAX_CELLS } from './parse-notebook';
export { serializeNotebook } from './serialize-notebook';
export { NotebookFormatError } from './notebook-format-error';
export { slugFromFilename } from './slug-from-filename';
export { cellNameProblem, HOST_NAMES } from './cell-name';
export { notebookHash, sha256Hex } from './notebook-hash';
