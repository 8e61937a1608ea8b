export default function Home() {
  return (
    <main>
      <h1>Latchkey</h1>
      <p>User accounts: sign up, log in, and get back in.</p>
    </main>
  );
}
