/**
 * What a log line may say about an error: its name and the first line of its message. Database
 * errors put the query's parameters on later lines, and those may hold hashes or addresses.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  return `${error.name}: ${error.message.split('\n')[0]}`;
}
