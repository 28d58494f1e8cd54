/** `soundroll demo-card <dir>`: writes the built-in demo card, for trying the station without a recorder. */
import { resolve } from 'node:path';
import { writeDemoCard } from '../demo/demo-card';
import { EXIT, parse, UsageError } from './args';

export const DEMO_HELP = `Usage: soundroll demo-card <dir>

Writes the built-in demo card into <dir>/A001 and prints its path: roll A001 of a
Sound Devices-style recorder, 14 takes over 3 scenes in 261123/ (S01T01.WAV...),
8 tracks (booms, lavs, plant, mix L/R), 48 kHz 24-bit BWF with bext and iXML, one take
in 32-bit float and one as 8 split mono files (S03T02_1.WAV ... _8.WAV): 21 files.
23.976 ND timecode through one evening; circled takes, a false start, a wild track.
Three takes carry planted problems for QC to find (a clipped lav, a dropout on the
boom, a dead lav). The same bytes every time. Nothing existing is overwritten.

Options:
  -h, --help   show this help`;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(DEMO_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give the folder to write the demo card into');
  process.stdout.write((await writeDemoCard(resolve(positionals[0]!))) + '\n');
  return EXIT.ok;
}
