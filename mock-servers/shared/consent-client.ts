/**
 * Drives a mock's sign-in + consent page over plain HTTP the way a browser would: GET the authorize
 * URL, read the hidden request_id / csrf_token and the cookie the page sets, post the decision without
 * following the redirect, and hand back the redirect Location (with `code` or `error`, and `state`).
 * Used by tests and by the harness for the user's out-of-band OAuth step.
 */

export interface ConsentOptions {
  account: string;
  decision?: 'allow' | 'deny';
}

function hiddenInput(html: string, name: string): string | undefined {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  const value = tag?.match(/value="([^"]*)"/)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The readable message of a mock's HTML error page, for a useful exception. */
function pageError(html: string): string {
  const m = html.match(/role="alert">([^<]*)</)?.[1];
  return m ? decodeEntities(m) : html.slice(0, 200);
}

/** `name=value` pairs of every Set-Cookie header, joined for a Cookie request header. */
function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
}

/**
 * Completes the consent step of an authorization request and returns the redirect URL the page sends
 * the browser to. If the authorize endpoint redirects at once (an invalid request reported to the
 * client), that Location is returned. Throws when the server answers with an error page.
 */
export async function completeConsent(authorizeUrl: string, opts: ConsentOptions): Promise<string> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status >= 300 && page.status < 400) {
    const location = page.headers.get('location');
    await page.text(); // an unread body holds the keep-alive socket
    if (!location) throw new Error(`Authorize endpoint redirected without a Location (HTTP ${page.status})`);
    return new URL(location, authorizeUrl).href;
  }
  const html = await page.text();
  if (!page.ok) throw new Error(`Authorize page failed (HTTP ${page.status}): ${pageError(html)}`);
  const requestId = hiddenInput(html, 'request_id');
  const csrfToken = hiddenInput(html, 'csrf_token');
  if (!requestId || !csrfToken) throw new Error('Authorize page has no consent form (request_id / csrf_token missing)');

  const form = new URLSearchParams({
    request_id: requestId,
    csrf_token: csrfToken,
    account: opts.account,
    decision: opts.decision ?? 'allow',
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const cookies = cookieHeader(page);
  if (cookies) headers.cookie = cookies;
  const action = html.match(/<form[^>]*action="([^"]*)"/)?.[1];
  const decisionUrl = new URL(action ? decodeEntities(action) : '/authorize/decision', page.url || authorizeUrl).href;
  const res = await fetch(decisionUrl, { method: 'POST', body: form, headers, redirect: 'manual' });
  const location = res.headers.get('location');
  const answer = await res.text(); // read even on success: an unread body holds the keep-alive socket
  if (res.status < 300 || res.status >= 400 || !location) {
    throw new Error(`Consent decision was not accepted (HTTP ${res.status}): ${pageError(answer)}`);
  }
  return new URL(location, decisionUrl).href;
}
