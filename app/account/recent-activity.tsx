import type { AuthEventRow } from '@/lib/db';
import { describeEvent } from './activity';
import { describeDevice } from '@/lib/auth/device';
import { LocalTime } from '@/app/_components/local-time';
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

/** On a phone twenty events are several screens; the rest wait behind a disclosure. */
const SHOWN_FIRST = 5;

function Item({ event: e }: { event: ActivityView }) {
  return (
    <li className={`activity-item${e.attention ? ' activity-attention' : ''}`}>
      <p className="activity-what">{e.text}</p>
      <p className="activity-meta">
        <LocalTime iso={e.at} utcText={e.atText} /> ({e.agoText}){' · '}
        {e.device}
        {' · '}
        {e.address ? <span className="activity-address">{e.address}</span> : 'unknown address'}
      </p>
    </li>
  );
}

/** The owner's own recent audit events, newest first: what happened, when, from which device and address. */
export function RecentActivity({ events }: { events: ActivityView[] }) {
  if (events.length === 0) return <p className="muted">Nothing yet.</p>;
  const first = events.slice(0, SHOWN_FIRST);
  const rest = events.slice(SHOWN_FIRST);
  return (
    <>
      <ol className="activity" aria-label="Recent activity, newest first">
        {first.map((e) => (
          <Item key={e.id} event={e} />
        ))}
      </ol>
      {rest.length > 0 && (
        <details className="activity-more">
          <summary>
            Show {rest.length} older event{rest.length === 1 ? '' : 's'}
          </summary>
          <ol className="activity" start={SHOWN_FIRST + 1} aria-label="Older activity, newest first">
            {rest.map((e) => (
              <Item key={e.id} event={e} />
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
