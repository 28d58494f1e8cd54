/**
 * A report's PDF document: paper and orientation, the embedded fonts, a title, label/value blocks, and the footer
 * with "Page n of N" written once every page exists (pages are buffered). The table itself is pdf-table.ts.
 */
import PDFDocument from 'pdfkit';
import { findReportFonts, winAnsiText, type ReportFonts } from './fonts';
import { writeReportFile, type WriteReportOptions } from './output';

export type Paper = 'a4' | 'letter';

export interface PdfReportOptions extends WriteReportOptions {
  /** Paper size (default A4). */
  paper?: Paper;
  /** Fonts to embed (default: found on the system, see fonts.ts). */
  fonts?: ReportFonts;
}

export const COLORS = {
  text: '#111111',
  muted: '#555555',
  rule: '#999999',
  headerFill: '#e6e6e6',
  stripe: '#f5f5f5',
  circledFill: '#fff3c4',
  error: '#b00020',
  warning: '#a35c00',
  ok: '#1b6e20',
} as const;

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
}

export class ReportPdf {
  readonly doc: PDFKit.PDFDocument;
  /** Whether a Unicode font is embedded (else Helvetica: WinAnsi text only). */
  readonly unicode: boolean;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(opts: { paper?: Paper; layout: 'landscape' | 'portrait'; title: string; subject?: string; fonts?: ReportFonts; margin?: number }) {
    const fonts = opts.fonts ?? findReportFonts();
    this.doc = new PDFDocument({
      size: opts.paper === 'letter' ? 'LETTER' : 'A4',
      layout: opts.layout,
      margin: opts.margin ?? 32,
      bufferPages: true,
      info: { Title: opts.title, Subject: opts.subject ?? opts.title, Creator: 'soundroll', Producer: 'soundroll (PDFKit)' },
    });
    this.unicode = fonts.regular !== null && fonts.bold !== null;
    if (this.unicode) {
      this.doc.registerFont('R', fonts.regular!);
      this.doc.registerFont('B', fonts.bold!);
    } else {
      this.doc.registerFont('R', 'Helvetica');
      this.doc.registerFont('B', 'Helvetica-Bold');
    }
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.style({});
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  /** The lowest y content may reach (the footer lives below it). */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom - 14;
  }
  get width(): number {
    return this.right - this.left;
  }

  /** Text as the embedded font can draw it. */
  t(text: string): string {
    return this.unicode ? text : winAnsiText(text);
  }

  style(s: TextStyle): this {
    this.doc.font(s.bold ? 'B' : 'R').fontSize(s.size ?? 8).fillColor(s.color ?? COLORS.text);
    return this;
  }

  heightOf(text: string, width: number, s: TextStyle = {}): number {
    this.style(s);
    return this.doc.heightOfString(this.t(text), { width });
  }

  /** Draws text at (x, y) within `width`; returns the height used. */
  textAt(text: string, x: number, y: number, width: number, s: TextStyle = {}, extra: PDFKit.Mixins.TextOptions = {}): number {
    this.style(s);
    const str = this.t(text);
    const h = this.doc.heightOfString(str, { width, ...extra });
    this.doc.text(str, x, y, { width, ...extra });
    return h;
  }

  /** A new page when fewer than `height` points are left; returns the y to draw at. */
  ensureSpace(y: number, height: number): number {
    if (y + height <= this.bottom) return y;
    this.doc.addPage();
    return this.top;
  }

  /**
   * Label/value pairs in a grid of `columns` cells per line; a pair spans `span` cells (default 1, `wide` the whole
   * line) and moves to the next line when it does not fit. Values wrap. Returns the y below the block.
   */
  keyValues(pairs: readonly { label: string; value: string; wide?: boolean; span?: number; size?: number }[], y: number, columns = 4, size = 9): number {
    const gap = 10;
    const cell = (this.width - gap * (columns - 1)) / columns;
    let col = 0;
    let lineHeight = 0;
    const newLine = (): void => {
      if (col > 0) y += lineHeight + 4;
      col = 0;
      lineHeight = 0;
    };
    for (const p of pairs) {
      const span = p.wide ? columns : Math.min(columns, Math.max(1, p.span ?? 1));
      if (col + span > columns) newLine();
      const w = span * cell + (span - 1) * gap;
      const x = this.left + col * (cell + gap);
      const labelH = this.heightOf(p.label.toUpperCase(), w, { size: size - 2.5, color: COLORS.muted });
      const valueSize = p.size ?? size;
      const valueH = this.heightOf(p.value || '—', w, { size: valueSize, bold: true });
      if (col === 0) y = this.ensureSpace(y, labelH + valueH);
      this.textAt(p.label.toUpperCase(), x, y, w, { size: size - 2.5, color: COLORS.muted });
      this.textAt(p.value || '—', x, y + labelH, w, { size: valueSize, bold: true, color: p.value ? COLORS.text : COLORS.muted });
      lineHeight = Math.max(lineHeight, labelH + valueH);
      col += span;
      if (col >= columns) newLine();
    }
    newLine();
    return y;
  }

  rule(y: number, color: string = COLORS.rule): void {
    this.doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(0.5).strokeColor(color).stroke();
  }

  /** Writes the footer on every page, ends the document and returns its bytes. */
  async finish(footer: { left: string; center?: string }): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Writing below the bottom margin would make PDFKit add a page: lift the margin while the footer is written.
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - bottomMargin - 8;
      const third = this.width / 3;
      const s: TextStyle = { size: 7, color: COLORS.muted };
      this.textAt(footer.left, this.left, y, third, s, { lineBreak: false, ellipsis: true, height: 10 });
      if (footer.center) this.textAt(footer.center, this.left + third, y, third, s, { align: 'center', lineBreak: false, ellipsis: true, height: 10 });
      this.textAt(`Page ${i - range.start + 1} of ${range.count}`, this.left + 2 * third, y, third, { ...s, bold: true }, { align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = bottomMargin;
    }
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }

  /** finish() and write the file atomically (never over an existing file unless `force`). */
  async writeTo(path: string, footer: { left: string; center?: string }, options: WriteReportOptions = {}): Promise<void> {
    const bytes = await this.finish(footer);
    await writeReportFile(path, bytes, options);
  }
}

/** "2026-11-23 21:04 UTC" (reports are read in other time zones than the set's). */
export function formatStamp(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
