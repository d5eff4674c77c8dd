import { type FormEvent, useState } from 'react';
import { verifySecretKey } from './api.ts';

/** The secret key is checked against the API, then kept in sessionStorage only (never in the URL). */
export function Login(props: { onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const problem = await verifySecretKey(key);
    setBusy(false);
    if (problem) setError(problem);
    else props.onKey(key.trim());
  };
  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">panier console</h1>
        <p className="muted">
          Sign in with a secret key. <code>npm start</code> prints the demo's;{' '}
          <code>panier keys create --kind secret</code> makes one.
        </p>
        <label htmlFor="key">Secret key</label>
        <input
          id="key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
          placeholder="sk_…"
        />
        {error && (
          <p id="login-error" className="note error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
