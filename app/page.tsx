import Link from 'next/link';
import { getCurrentSession } from '@/lib/cookies/session';
import { guardPage } from '@/app/_lib/database-away';

const FEATURES = [
  {
    title: 'Sign in your way',
    text: 'Use your email address or your username, whichever you remember.',
  },
  {
    title: 'See every session',
    text: 'Your account lists each device you are signed in on. Log any of them out in one click.',
  },
  {
    title: 'Locked out? Not for long',
    text: 'Forgot your password? A short-lived link by email gets you back in.',
  },
];

export default guardPage(async function Home() {
  const session = await getCurrentSession();
  const name = session ? (session.user.username ?? session.user.email) : null;
  return (
    <main id="main" className="page home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Your account, under lock and key.</h1>
        <p className="lead">Latchkey keeps sign-up, sign-in and password recovery simple for you, and every session in plain sight.</p>
        {name ? (
          <div className="hero-actions">
            <p className="hero-signed-in">
              Signed in as <strong>{name}</strong>
            </p>
            <Link className="button button-primary" href="/account">
              Go to your account
            </Link>
          </div>
        ) : (
          <div className="hero-actions">
            <Link className="button button-primary" href="/signup">
              Create an account
            </Link>
            <Link className="button button-secondary" href="/login">
              Log in
            </Link>
          </div>
        )}
      </section>
      <ul className="features">
        {FEATURES.map((f) => (
          <li key={f.title} className="card feature">
            <h2>{f.title}</h2>
            <p>{f.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
});
