/**
 * Progress on stderr: a redrawn one-line bar when stderr is a terminal, nothing but per-file results otherwise (logs
 * and CI want lines, not carriage returns). stdout stays for results, so `--json | jq` works.
 */
import type { OffloadProgress } from '../../shared/offload';
import { formatBytes, formatElapsed } from '../../shared/format';
import { terminalSafe } from './terminal-text';

export class ProgressLine {
  private lastWidth = 0;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get interactive(): boolean {
    return Boolean(this.stream.isTTY);
  }

  offload(p: OffloadProgress): void {
    if (!this.interactive) return;
    const total = p.bytesTotal * 2;
    const verified = p.destinations.length ? p.destinations.reduce((n, d) => n + d.bytesVerified, 0) / p.destinations.length : 0;
    const fraction = total > 0 ? Math.min(1, (p.bytesDone + verified) / total) : p.phase === 'done' ? 1 : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const eta = p.etaSeconds !== undefined ? ` ETA ${formatElapsed(p.etaSeconds)}` : '';
    const text = `${p.phase.padEnd(9)} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.filesDone}/${p.filesTotal} files  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatBytes(p.bytesPerSecond)}/s${eta}  ${p.currentFile ?? ''}`;
    this.draw(text);
  }

  draw(raw: string): void {
    const text = terminalSafe(raw); // the current file's name comes from the card or the drive
    const columns = this.stream.columns ?? 100;
    const line = text.length > columns - 1 ? text.slice(0, columns - 2) + '…' : text;
    this.stream.write('\r' + line + ' '.repeat(Math.max(0, this.lastWidth - line.length)));
    this.lastWidth = line.length;
  }

  clear(): void {
    if (this.interactive && this.lastWidth > 0) this.stream.write('\r' + ' '.repeat(this.lastWidth) + '\r');
    this.lastWidth = 0;
  }
}
