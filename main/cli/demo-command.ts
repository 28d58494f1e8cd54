/** `soundroll demo-card <dir>`: writes the built-in demo card, for trying the station without a recorder. */
import { resolve } from 'node:path';
import { writeDemoCard } from '../demo/demo-card';
import { EXIT, parse, UsageError } from './args';

export const DEMO_HELP = `Usage: soundroll demo-card <dir>

Writes the built-in demo card (roll A001: 5 poly takes, 4 ISO tracks, 48 kHz 24-bit
BWF with bext and iXML) into <dir>/A001 and prints its path. Some takes carry planted
problems for QC to find. Nothing existing is overwritten.

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
