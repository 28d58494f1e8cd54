/**
 * The entry every benchmark shares: parse the options (exit 2 with the usage on a mistake), run, print the table or
 * the JSON on stdout, and exit 1 with the reason when the benchmark itself fails (a wrong hash, a tool missing).
 */
export interface BenchEntry<O extends { json?: boolean }, R> {
  usage: string;
  parseOptions(argv: string[]): O | 'help';
  bench(opts: O): Promise<R>;
  renderTable(report: R): string;
  /** Errors whose message says it all (no stack trace). */
  plainErrors?: (new (...args: never[]) => Error)[];
}

export async function benchCli<O extends { json?: boolean }, R>(entry: BenchEntry<O, R>, argv: string[]): Promise<number> {
  let opts: O | 'help';
  try {
    opts = entry.parseOptions(argv);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${entry.usage}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${entry.usage}\n`);
    return 0;
  }
  try {
    const report = await entry.bench(opts);
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : entry.renderTable(report));
    return 0;
  } catch (err) {
    const plain = entry.plainErrors?.some((E) => err instanceof E);
    const what = plain ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`\nBENCHMARK FAILED: ${what}\n`);
    return 1;
  }
}

/** Runs the entry with the process's arguments and sets the exit code. */
export function runBenchCli<O extends { json?: boolean }, R>(entry: BenchEntry<O, R>): void {
  void benchCli(entry, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
