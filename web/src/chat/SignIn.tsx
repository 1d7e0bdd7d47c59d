/**
 * The sign-in form for the demo accounts (password = account id in the demo seed): alice, bob and
 * carol are users, admin manages the navigator. The caller provides the page landmark. After
 * sign-in, focus goes to the message box when the page shows one.
 */
import { useState, type FormEvent } from 'react';
import { DEMO_ADMIN, DEMO_USERS } from '../../../server/shared/contracts.js';
import { signIn } from '../api.js';
import { focusWhenShown, MESSAGE_BOX_ID } from '../ui/focus.js';

const ACCOUNTS: readonly string[] = [...DEMO_USERS, DEMO_ADMIN];

export interface SignInProps {
  onSignedIn: (user: string) => void;
  title?: string;
  hint?: string;
}

export function SignIn({
  onSignedIn,
  title = 'Sign in to chat',
  hint = 'Demo users: alice, bob and carol; admin manages the navigator. The password is the user name.',
}: SignInProps) {
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
      focusWhenShown(MESSAGE_BOX_ID);
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
        <p className="muted">{hint}</p>
        <div className="field">
          <label htmlFor="sign-in-user">User</label>
          <select id="sign-in-user" value={user} onChange={(e) => setUser(e.target.value)}>
            {ACCOUNTS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary block" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

/** What a page shows while it asks whether someone is signed in. */
export function SessionLoading() {
  return (
    <p className="page-loading" role="status">
      Loading…
    </p>
  );
}

/** The whole page when nobody is signed in: the page's last error, if any, above the sign-in form. */
export function SignInPage({ error, ...form }: SignInProps & { error: string | null }) {
  return (
    <main id="main" className="page">
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      <SignIn {...form} />
    </main>
  );
}
