'use client';

import { formatDate } from '@/app/account/format';
import { useHydrated } from './use-hydrated';

/**
 * A moment in the viewer's own time zone, named ("3 Mar 2026, 15:05 CET"). The server cannot know
 * the zone, so its HTML, and a page without JavaScript, says the UTC time instead.
 */
export function LocalTime({ iso, utcText }: { iso: string; utcText: string }) {
  const hydrated = useHydrated();
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC';
  return (
    <time dateTime={iso} title={utcText}>
      {hydrated ? formatDate(iso, zone) : utcText}
    </time>
  );
}
