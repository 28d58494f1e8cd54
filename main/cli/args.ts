/** Flag parsing on node's own parseArgs; a usage mistake is a UsageError (exit 2), never a stack trace. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Exit codes, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  notVerified: 1, // the job ran, and something is not verified (or not safe to format)
  usage: 2,
  failed: 3, // the job could not run at all (no card, catalog unreadable…)
  interrupted: 130,
} as const;
