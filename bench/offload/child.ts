/**
 * The soundroll CLI, unchanged, in a process the benchmark can measure. Peak RSS and CPU time are only known to the process itself
 * (getrusage of a child would need a native addon or GNU time), so this wrapper reports them on the way out; product
 * code stays untouched. Runs as dist/bench/offload/child.js, next to dist/main/cli/index.js two folders up.
 */
import { writeSync } from 'node:fs';
import { main } from '../../main/cli/index';
import { formatChildUsage } from './child-report';

process.on('exit', () => {
  // writeSync: nothing asynchronous runs any more once 'exit' fires. The leading newline keeps the lines whole even
  // after a progress line without one.
  writeSync(2, `\n${formatChildUsage(process.resourceUsage())}`);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
