/**
 * Which fonts the PDFs embed. PDFKit's built-in Helvetica only knows WinAnsi (no ●, no non-Latin notes), so a
 * Unicode TrueType font of the system is embedded when one is found: SOUNDROLL_REPORT_FONT (and _BOLD) first, then
 * DejaVu Sans or Liberation Sans (Linux), Arial (macOS, Windows). Without any, the reports fall back to Helvetica and
 * text outside WinAnsi is replaced (● becomes *), so a report is always produced.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ReportFonts {
  /** Paths of a regular and a bold TrueType font, or null for PDFKit's built-in Helvetica. */
  regular: string | null;
  bold: string | null;
}

function candidates(env: NodeJS.ProcessEnv): [string, string][] {
  const windir = env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows';
  const list: [string, string][] = [];
  if (env.SOUNDROLL_REPORT_FONT) list.push([env.SOUNDROLL_REPORT_FONT, env.SOUNDROLL_REPORT_FONT_BOLD ?? env.SOUNDROLL_REPORT_FONT]);
  for (const dir of ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu-sans-fonts', '/usr/local/share/fonts']) {
    list.push([join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')]);
  }
  for (const dir of ['/usr/share/fonts/truetype/liberation', '/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/liberation-sans', '/usr/share/fonts/liberation']) {
    list.push([join(dir, 'LiberationSans-Regular.ttf'), join(dir, 'LiberationSans-Bold.ttf')]);
  }
  list.push(['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf']);
  list.push(['/Library/Fonts/Arial.ttf', '/Library/Fonts/Arial Bold.ttf']);
  list.push([join(windir, 'Fonts', 'arial.ttf'), join(windir, 'Fonts', 'arialbd.ttf')]);
  return list;
}

let cached: ReportFonts | undefined;

/** The first regular/bold pair present on this machine (looked up once per process). */
export function findReportFonts(env: NodeJS.ProcessEnv = process.env): ReportFonts {
  if (cached && env === process.env) return cached;
  const found = candidates(env).find(([r, b]) => existsSync(r) && existsSync(b));
  const fonts: ReportFonts = found ? { regular: found[0], bold: found[1] } : { regular: null, bold: null };
  if (env === process.env) cached = fonts;
  return fonts;
}

/** Text Helvetica can draw (WinAnsi): ● becomes *, ✓ +, ✗ x, ○ o, other characters outside it ?. */
export function winAnsiText(text: string): string {
  return text
    .replace(/●/g, '*')
    .replace(/✓/g, '+')
    .replace(/✗/g, 'x')
    .replace(/○/g, 'o')
    .replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu, '?');
}
