/**
 * "Save … report": asks the station to write a report as PDF + CSV (into `reports/` beside the catalog) and says
 * where the two files went, or why they could not be written. The station never overwrites an earlier report.
 */
import { useState } from 'react';
import type { ReportFilesView } from '../../../shared/contract';
import { errorMessage } from '../api';
import { ErrorNote, Note, PathText } from './bits';

export function ReportButton({ label, run, testId }: { label: string; run: () => Promise<ReportFilesView>; testId: string }) {
  const [state, setState] = useState<{ busy: boolean; files?: ReportFilesView; error?: string }>({ busy: false });
  const onClick = (): void => {
    setState({ busy: true });
    run().then(
      (files) => setState({ busy: false, files }),
      (e: unknown) => setState({ busy: false, error: errorMessage(e) }),
    );
  };
  return (
    <div className="report-button" data-testid={testId}>
      <button type="button" className="btn btn-small" onClick={onClick} disabled={state.busy} data-testid={`${testId}-save`}>
        {state.busy ? 'Writing…' : label}
      </button>
      {state.files && (
        <Note level="ok" testId={`${testId}-written`}>
          Written: <PathText path={state.files.pdf} /> and <PathText path={state.files.csv} />
        </Note>
      )}
      <ErrorNote message={state.error} />
    </div>
  );
}
