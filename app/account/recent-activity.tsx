import type { AuthEventRow } from '@/lib/db';
import { describeEvent } from './activity';
import { describeDevice } from './device';
import { formatAgo, formatDate } from './format';

export interface ActivityView {
  id: number;
  text: string;
  attention: boolean;
  at: string;
  atText: string;
  agoText: string;
  device: string;
  address: string | null;
}

/** Audit rows as the owner reads them; times worded as of now. */
export function toActivityViews(events: AuthEventRow[], now = Date.now()): ActivityView[] {
  return events.map((event) => {
    const at = event.createdAt.toISOString();
    return {
      id: event.id,
      ...describeEvent(event),
      at,
      atText: formatDate(at),
      agoText: formatAgo(at, now),
      device: describeDevice(event.userAgent),
      address: event.sourceAddress,
    };
  });
}

/** The owner's own recent audit events, newest first: what happened, when, from which device and address. */
export function RecentActivity({ events }: { events: ActivityView[] }) {
  if (events.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ol className="activity" aria-label="Recent activity, newest first">
      {events.map((e) => (
        <li key={e.id} className={`activity-item${e.attention ? ' activity-attention' : ''}`}>
          <p className="activity-what">{e.text}</p>
          <p className="activity-meta">
            <time dateTime={e.at}>{e.atText}</time> ({e.agoText})
            {' · '}
            {e.device}
            {' · '}
            {e.address ? <span className="activity-address">{e.address}</span> : 'unknown address'}
          </p>
        </li>
      ))}
    </ol>
  );
}
