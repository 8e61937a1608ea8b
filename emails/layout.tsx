import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

/** The frame every Latchkey email shares: a preview line, one card under its heading, a quiet footer. */
export function EmailLayout({
  title = 'Latchkey',
  preview,
  heading,
  children,
}: {
  title?: string;
  preview: string;
  heading: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        {/* Mail apps that show a message in a browser use the title; phones need the viewport. */}
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Latchkey</Text>
          <Section style={styles.card}>
            <Heading as="h1" style={styles.heading}>
              {heading}
            </Heading>
            {children}
          </Section>
          <Hr style={styles.hr} />
          <Text style={styles.footer}>This message was sent automatically; replies are not read.</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** An email whose link stops working after a while. */
export interface ExpiringLink {
  /** Seconds the link stays valid. */
  expiresIn: number;
}

/** The email's one link, as a button and then spelled out for mail apps (and readers) without buttons. */
export function EmailButton({ href, children }: { href: string; children: string }) {
  return (
    <>
      <Section style={{ margin: '8px 0 20px' }}>
        <Button href={href} style={styles.button}>
          {children}
        </Button>
      </Section>
      <Text style={styles.text}>Or copy this address into your browser:</Text>
      <Link href={href} style={styles.url}>
        {href}
      </Link>
    </>
  );
}

export const styles = {
  body: { backgroundColor: '#f4f4f5', fontFamily: '-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif', margin: 0, padding: '24px 0' },
  container: { maxWidth: '520px', margin: '0 auto', padding: '0 16px' },
  brand: { fontSize: '18px', fontWeight: 700, color: '#18181b', margin: '0 0 16px' },
  card: { backgroundColor: '#ffffff', borderRadius: '12px', padding: '28px 28px 20px', border: '1px solid #e4e4e7' },
  heading: { fontSize: '20px', fontWeight: 600, color: '#18181b', margin: '0 0 12px' },
  text: { fontSize: '15px', lineHeight: '24px', color: '#3f3f46', margin: '0 0 16px' },
  button: {
    backgroundColor: '#4f46e5',
    borderRadius: '8px',
    color: '#ffffff',
    fontSize: '15px',
    fontWeight: 600,
    padding: '12px 20px',
    textDecoration: 'none',
    display: 'inline-block',
  },
  link: { color: '#4f46e5', textDecoration: 'underline' },
  url: { fontSize: '13px', lineHeight: '20px', color: '#4f46e5', wordBreak: 'break-all' as const },
  muted: { fontSize: '13px', lineHeight: '20px', color: '#71717a', margin: '16px 0 0' },
  hr: { borderColor: '#e4e4e7', margin: '24px 0 12px' },
  // #52525b on the #f4f4f5 background is about 7:1, comfortably past WCAG's 4.5:1 for small text.
  footer: { fontSize: '12px', lineHeight: '18px', color: '#52525b', margin: 0 },
};
