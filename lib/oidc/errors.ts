/** Why a sign-in at a provider could not finish; each is a fixed word shown as a fixed message. */
export type ProviderFailureReason =
  /** The person pressed "Cancel" (or declined) at the provider. */
  | 'cancelled'
  /** No flow cookie, a `state` that is not this browser's, a callback used before. */
  | 'state_mismatch'
  /** The provider refused: a wrong client secret, a used or wrong code, an error it reported. */
  | 'provider_error'
  /** The provider could not be reached or did not answer in time. */
  | 'provider_unavailable'
  /** The provider answered something that failed the checks (a bad ID token, garbage). */
  | 'invalid_response';

/** A sign-in at a provider that cannot finish; `message` is for the log and never holds a secret. */
export class ProviderFlowError extends Error {
  constructor(
    readonly reason: ProviderFailureReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProviderFlowError';
  }
}
