/** The sign-in form shown when the server requires a token (`/api/auth`). */
import { useState } from 'preact/hooks';
import { post } from '../api.ts';

/** Posts the token to /api/login; the server answers with a session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: Event): void => {
    e.preventDefault();
    post('/api/login', { token }).then(() => onSignedIn(), (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <main class="sign-in">
      <form onSubmit={submit}>
        <h1>awsmon</h1>
        <p>This dashboard requires the API token set for this server.</p>
        <label>Token <input type="password" name="token" autoComplete="current-password" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} required /></label>
        {error !== undefined && <p class="error" role="alert">{error}</p>}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
