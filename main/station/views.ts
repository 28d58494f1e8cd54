/** From the core's records to the contract's JSON-safe views (dates as ISO text, plain sentences for verdicts). */
import type { VerifyFileStatus, VerifyResultView } from '../../shared/contract';
import type { VerifyDriveResult } from '../verify';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function verifyResultView(r: VerifyDriveResult): VerifyResultView {
  const roots = r.roots.map((root) => ({
    root: root.root,
    ok: root.ok,
    counts: { ...root.counts } as Record<VerifyFileStatus, number>,
    problems: root.files.filter((f) => f.status !== 'verified').map((f) => ({ path: f.path, status: f.status as VerifyFileStatus, reason: f.reason })),
    ...(root.manifest ? { manifest: root.manifest.path } : {}),
    ...(root.error ? { error: root.error.message } : {}),
  }));
  const total = (s: VerifyFileStatus): number => roots.reduce((n, root) => n + root.counts[s], 0);
  let verdict: string;
  if (roots.length === 0) verdict = `No ASC MHL history found in ${r.dir}: nothing to verify against.`;
  else if (r.ok) verdict = `${r.dir}: ${plural(total('verified'), 'file')} verified against ${plural(roots.length, 'history')}${total('new') ? `, ${total('new')} extra (not in the history)` : ''}.`;
  else {
    const bad = (['changed', 'missing', 'unreadable', 'unverifiable'] as const).filter((s) => total(s) > 0).map((s) => `${total(s)} ${s}`);
    const errors = roots.filter((root) => root.error).map((root) => root.error!);
    verdict = `${r.dir} does NOT match its history: ${[...bad, ...errors].join(', ') || 'see the problems below'}.`;
  }
  return {
    dir: r.dir,
    ok: r.ok,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    verdict,
    roots,
    catalog: r.catalog.map((c) => ({ ...c })),
  };
}
