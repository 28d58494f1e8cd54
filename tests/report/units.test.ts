/** The pieces of the reports on their own: Wave Agent spellings, CSV quoting, the atomic no-clobber write, fonts. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveTakeValues } from '../../main/catalog';
import { NameTakenError, waveAgentFrameRate, waveAgentTake, writeReportFile } from '../../main/report';
import { field, quoted, rfcCsv } from '../../main/report/csv';
import { winAnsiText } from '../../main/report/fonts';
import { ReportPdf } from '../../main/report/pdf-doc';
import { drawTable } from '../../main/report/pdf-table';
import { makeTempDir } from '../support/tmp';
import { pagesOf, pdfText } from './helpers';

const tmp = makeTempDir('report-units');
afterAll(tmp.cleanup);

describe('Wave Agent spellings', () => {
  it('prints frame rates cut to two decimals with ND/DF', () => {
    expect(waveAgentFrameRate('23.976 ND')).toBe('23.97 ND');
    expect(waveAgentFrameRate('29.97 DF')).toBe('29.97 DF');
    expect(waveAgentFrameRate('59.94 ND')).toBe('59.94 ND');
    expect(waveAgentFrameRate('25 ND')).toBe('25 ND');
    expect(waveAgentFrameRate('23.976 ND, 25 ND')).toBe('23.97 ND, 25 ND');
    expect(waveAgentFrameRate('')).toBe('');
    expect(waveAgentFrameRate('whatever')).toBe('whatever');
  });

  it('prints single-digit takes as two digits and leaves other take names alone', () => {
    expect(waveAgentTake('1')).toBe('01');
    expect(waveAgentTake('12')).toBe('12');
    expect(waveAgentTake('3A')).toBe('3A');
    expect(waveAgentTake(null)).toBe('');
  });
});

describe('effective take values (shared with the station)', () => {
  const recorder = { circled: true, flags: ['NO_GOOD'], note: 'from the recorder' };
  it('takes the mixer’s edit where there is one, the recorder’s value elsewhere', () => {
    expect(effectiveTakeValues(recorder, null)).toEqual({ ...recorder, tags: [], edited: false });
    expect(effectiveTakeValues(recorder, { note: '', circled: false, updatedAt: 'x' })).toEqual({ circled: false, flags: ['NO_GOOD'], note: '', tags: [], edited: true });
    expect(effectiveTakeValues({ ...recorder, note: null }, { flags: [], tags: ['music'], updatedAt: 'x' })).toEqual({ circled: true, flags: [], note: null, tags: ['music'], edited: true });
  });
});

describe('CSV quoting', () => {
  it('doubles quotes and keeps every row on one line', () => {
    expect(quoted('say "cut", then\r\nwait')).toBe('"say ""cut"", then wait"');
    expect(field('plain')).toBe('plain');
    expect(field('a,b')).toBe('"a,b"');
    expect(field(' lead')).toBe('" lead"');
    expect(field(null)).toBe('');
    expect(rfcCsv([['a', 1, true], []])).toBe('a,1,true\r\n\r\n');
  });
});

describe('writing a report file', () => {
  it('writes atomically, refuses an existing file, and replaces it only with force', async () => {
    const path = join(tmp.dir, 'report.csv');
    await writeReportFile(path, 'one');
    expect(readFileSync(path, 'utf8')).toBe('one');
    await expect(writeReportFile(path, 'two')).rejects.toBeInstanceOf(NameTakenError);
    expect(readFileSync(path, 'utf8')).toBe('one');
    await writeReportFile(path, 'three', { force: true });
    expect(readFileSync(path, 'utf8')).toBe('three');
    // No temporary file is left beside it.
    expect(readdirSync(tmp.dir).filter((n) => n.includes('report.csv'))).toEqual(['report.csv']);
  });

  it('fails on a folder that does not exist, leaving nothing', async () => {
    await expect(writeReportFile(join(tmp.dir, 'no-such-folder', 'r.csv'), 'x')).rejects.toThrow(/ENOENT/);
  });
});

describe('the PDF table', () => {
  it('repeats the column headers on every page, numbers the pages and wraps long cells', async () => {
    const pdf = new ReportPdf({ layout: 'landscape', title: 'table test' });
    const rows = Array.from({ length: 120 }, (_, i) => ({ cells: [`row ${i + 1}`, i === 3 ? 'word '.repeat(80) : 'short'] }));
    drawTable(pdf, [{ header: 'Name col', width: 1 }, { header: 'Text col', width: 3 }], rows, pdf.top);
    const path = join(tmp.dir, 'table.pdf');
    writeFileSync(path, await pdf.finish({ left: 'left', center: 'center' }));
    const text = pdfText(path);
    if (text === undefined) return;
    const pages = pagesOf(text);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toContain('Name col');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    for (let i = 1; i <= 120; i++) expect(text).toMatch(new RegExp(`row ${i}\\b`));
  });

  it('falls back to Helvetica when no Unicode font is found, with ● printed as *', async () => {
    expect(winAnsiText('● take · “note” ✓ 日本')).toBe('* take · “note” + ??');
    const pdf = new ReportPdf({ layout: 'portrait', title: 'fallback', fonts: { regular: null, bold: null } });
    expect(pdf.unicode).toBe(false);
    drawTable(pdf, [{ header: 'Mark', width: 1 }, { header: 'Note', width: 4 }], [{ cells: ['●', 'circled take'], bold: true }], pdf.top);
    const path = join(tmp.dir, 'fallback.pdf');
    writeFileSync(path, await pdf.finish({ left: 'l' }));
    const text = pdfText(path);
    if (text === undefined) return;
    expect(text).toMatch(/\*\s+circled take/);
    expect(text).toContain('Page 1 of 1');
  });
});
