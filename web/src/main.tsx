/**
 * Entry point: picks the page from the path. The chat page is in the first bundle; settings and
 * the scenario viewer are loaded on demand so first load stays small.
 */
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { routeFor } from './routes.js';
import { ChatPage } from './chat/ChatPage.js';
import { AppHeader } from './ui/AppHeader.js';
import { SkipLink } from './ui/SkipLink.js';
import './styles.css';

const SettingsPage = lazy(() => import('./settings/SettingsPage.js'));
const ViewerPage = lazy(() => import('./viewer/ViewerPage.js'));

function App() {
  const route = routeFor(window.location.pathname);
  return (
    <>
      <SkipLink />
      <AppHeader route={route} />
      <Suspense
        fallback={
          <p className="page-loading" role="status">
            Loading…
          </p>
        }
      >
        {route === 'chat' && <ChatPage />}
        {route === 'settings' && <SettingsPage />}
        {route === 'viewer' && <ViewerPage />}
        {route === 'not-found' && (
          <main id="main" className="page narrow">
            <h1>Page not found</h1>
            <p>
              There is nothing at <code>{window.location.pathname}</code>. <a href="/">Go to the chat</a>.
            </p>
          </main>
        )}
      </Suspense>
    </>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
