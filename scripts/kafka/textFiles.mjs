// Reading the small text files of a data dir: a whole file (undefined when missing) and the last
// lines of a broker log for error messages.

import * as fs from 'node:fs';

/** The file's text, or undefined when it cannot be read. */
export const readText = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** The last `lines` lines of a file, or '(no log)'. */
export function tailFile(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}
