/** The sign-in form for the demo users (password = user id in the demo seed); the caller provides the page landmark. */
import { useState, type FormEvent } from 'react';
import { DEMO_USERS } from '../../../server/shared/contracts.js';
import { signIn } from '../api.js';

export function SignIn({ onSignedIn, title = 'Sign in to chat' }: { onSignedIn: (user: string) => void; title?: string }) {
  const [user, setUser] = useState<string>(DEMO_USERS[0]);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const session = await signIn(user, password);
      onSignedIn(session.user);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="sign-in-page">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{title}</h1>
        <p className="muted">Demo users: alice, bob and carol. The password is the user name.</p>
        <div className="field">
          <label htmlFor="sign-in-user">User</label>
          <select id="sign-in-user" value={user} onChange={(e) => setUser(e.target.value)}>
            {DEMO_USERS.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input id="sign-in-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="button primary block" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  );
}
