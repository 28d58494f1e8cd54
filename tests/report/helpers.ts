/** pdftotext as the independent reader of the report PDFs (poppler-utils; CI installs it). */
import { execFileSync } from 'node:child_process';
import { hasTool } from '../support/tools';

/** The PDF's text with its layout kept (a table row stays on one line), or undefined (with a warning) without pdftotext. */
export function pdfText(file: string, options: { layout?: boolean } = {}): string | undefined {
  if (!hasTool('pdftotext')) {
    console.warn(`pdftotext not installed: skipped reading back ${file}`);
    return undefined;
  }
  return execFileSync('pdftotext', [...(options.layout === false ? [] : ['-layout']), file, '-'], { encoding: 'utf8' });
}

/** Pages of a pdftotext output (form feeds between pages). */
export const pagesOf = (text: string): string[] => text.split('\f').filter((p) => p.trim() !== '');
