import type { FormState } from '@/app/_lib/form-state';

/**
 * The form's live region. It is always in the page (empty until there is news), because screen
 * readers only announce changes to a region that already existed.
 */
export function FormMessage({ state, id }: { state: Pick<FormState, 'status' | 'message'>; id?: string }) {
  const tone = state.status === 'error' ? 'error' : state.status === 'success' ? 'success' : 'info';
  return (
    <div id={id} className="form-message-region" role="status" aria-live="polite" aria-atomic="true">
      {state.message && <p className={`notice notice-${tone}`}>{state.message}</p>}
    </div>
  );
}
