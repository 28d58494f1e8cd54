/**
 * A small table layout for the report PDFs: columns with relative widths scaled to the page, wrapped cells, rows that
 * never split across pages, the column headers repeated at the top of every page, a row style (bold, fill) and
 * per-paragraph colour inside a cell (a QC error in red under a warning in amber).
 */
import { COLORS, type ReportPdf } from './pdf-doc';

export interface TableColumn {
  header: string;
  /** Relative width: the columns share the page width in proportion. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** One paragraph of a cell. */
export interface CellPart {
  text: string;
  color?: string;
  bold?: boolean;
  /** Font size relative to the table's (default 1). */
  scale?: number;
}

export type TableCell = string | CellPart | readonly CellPart[];

export interface TableRow {
  cells: readonly TableCell[];
  bold?: boolean;
  fill?: string;
}

export interface TableOptions {
  /** Font size of the cells (default 7.5). */
  fontSize?: number;
  /** Points of padding inside each cell (default 2.5). */
  padding?: number;
  /** Stripe every other row (default true). */
  stripes?: boolean;
}

function partsOf(cell: TableCell | undefined): CellPart[] {
  if (cell === undefined) return [];
  if (typeof cell === 'string') return cell === '' ? [] : [{ text: cell }];
  if (Array.isArray(cell)) return (cell as readonly CellPart[]).filter((p) => p.text !== '');
  const part = cell as CellPart;
  return part.text === '' ? [] : [part];
}

/** Draws the table from `y` (adding pages as needed) and returns the y below it. */
export function drawTable(pdf: ReportPdf, columns: readonly TableColumn[], rows: readonly TableRow[], y: number, options: TableOptions = {}): number {
  const size = options.fontSize ?? 7.5;
  const pad = options.padding ?? 2.5;
  const stripes = options.stripes ?? true;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * pdf.width);
  const xs = widths.map((_, i) => pdf.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const doc = pdf.doc;

  const partHeights = (parts: CellPart[], w: number, bold: boolean): number[] =>
    parts.map((p) => pdf.heightOf(p.text, w, { size: size * (p.scale ?? 1), bold: bold || p.bold === true }));

  const headerHeight = Math.max(...columns.map((c, i) => pdf.heightOf(c.header, widths[i]! - 2 * pad, { size, bold: true }))) + 2 * pad;

  const drawHeader = (top: number): number => {
    doc.rect(pdf.left, top, pdf.width, headerHeight).fill(COLORS.headerFill);
    columns.forEach((c, i) => {
      pdf.textAt(c.header, xs[i]! + pad, top + pad, widths[i]! - 2 * pad, { size, bold: true }, { align: c.align ?? 'left' });
    });
    pdf.rule(top + headerHeight, COLORS.rule);
    return top + headerHeight;
  };

  // The first row must fit under the header on this page, or both go to the next.
  y = pdf.ensureSpace(y, headerHeight + size * 2 + 2 * pad);
  y = drawHeader(y);
  rows.forEach((row, r) => {
    const cellParts = columns.map((_, i) => partsOf(row.cells[i]));
    const heights = cellParts.map((parts, i) => partHeights(parts, widths[i]! - 2 * pad, row.bold === true));
    const pageRoom = pdf.bottom - pdf.top - headerHeight;
    const natural = Math.max(size + 2, ...heights.map((hs) => hs.reduce((s, h) => s + h, 0))) + 2 * pad;
    const height = Math.min(natural, pageRoom);
    if (y + height > pdf.bottom) {
      doc.addPage();
      y = drawHeader(pdf.top);
    }
    const fill = row.fill ?? (stripes && r % 2 === 1 ? COLORS.stripe : undefined);
    if (fill) doc.rect(pdf.left, y, pdf.width, height).fill(fill);
    cellParts.forEach((parts, i) => {
      let cy = y + pad;
      const limit = y + height - pad;
      parts.forEach((p, k) => {
        const room = limit - cy;
        if (room < size) return;
        const h = heights[i]![k]!;
        pdf.textAt(
          p.text,
          xs[i]! + pad,
          cy,
          widths[i]! - 2 * pad,
          { size: size * (p.scale ?? 1), bold: row.bold === true || p.bold === true, color: p.color ?? COLORS.text },
          { align: columns[i]!.align ?? 'left', ...(h > room ? { height: room, ellipsis: true } : {}) },
        );
        cy += Math.min(h, room);
      });
    });
    y += height;
    doc.moveTo(pdf.left, y).lineTo(pdf.right, y).lineWidth(0.25).strokeColor('#cccccc').stroke();
  });
  return y + 4;
}
