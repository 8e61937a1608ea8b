/**
 * How long to wait before attempt `attempt + 1`, after `attempt` failures (1, 2, …): `first`
 * doubled per failure up to `max`, then jittered down by up to half, so that many messages failing
 * together (the SMTP server went down) do not all come back in the same second.
 */
export function retryDelay(attempt: number, first: number, max: number, random: () => number = Math.random): number {
  const full = Math.min(max, first * 2 ** Math.min(attempt - 1, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}
