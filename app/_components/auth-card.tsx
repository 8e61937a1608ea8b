import type { ReactNode } from 'react';

/** The centred card every sign-in flow sits in. */
export function AuthCard({ title, lead, children, footer }: { title: string; lead?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <section className="card auth-card" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        {lead && <p className="lead">{lead}</p>}
        {children}
      </section>
      {footer && <p className="auth-footer">{footer}</p>}
    </main>
  );
}
