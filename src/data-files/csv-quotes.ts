/**
 * The first quoting mistake of a CSV text, in words naming its line, or null. Arquero's reader
 * (d3-dsv) reads a quote that is never closed as one field running to the end of the file, so
 * three rows silently become one; a quoted field closed on a later line and followed by more
 * text is the same mistake closed by an unrelated quote further down.
 */
export function csvQuoteProblem(text: string): string | null {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At the start of a field.
    if (text[i] === '"') {
      const opened = line;
      i++;
      for (;;) {
        if (i >= n) return `line ${opened}: a quoted field is never closed`;
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        i++;
      }
      const next = text[i];
      const ended = i >= n || next === ',' || next === '\n' || (next === '\r' && text[i + 1] === '\n');
      if (!ended && line !== opened) return `line ${opened}: a quoted field is closed only on line ${line}, by a quote followed by more text (is a closing quote missing?)`;
    }
    // The rest of the field, up to the next delimiter or line end.
    while (i < n && text[i] !== ',' && text[i] !== '\n') i++;
    if (text[i] === '\n') line++;
    i++;
  }
  return null;
}
