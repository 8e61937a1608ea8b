import { Fragment } from 'react';

/**
 * An email address (or any name) that may wrap on a narrow screen, but only after an `@` or
 * before a `.`, never in the middle of a word. Copying it still gives the address unchanged.
 */
export function BreakableAddress({ address }: { address: string }) {
  const parts = address.split(/(?<=@)|(?=\.)/);
  return (
    <span className="address">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
