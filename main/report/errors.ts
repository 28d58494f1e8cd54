/** What a report asked for is not in the catalog (a roll, a job, a take): the CLI exits 3 on it. */
export class ReportNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportNotFoundError';
  }
}
