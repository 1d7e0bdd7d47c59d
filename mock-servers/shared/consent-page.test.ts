import { describe, expect, it } from 'vitest';
import { renderConsentPage } from './consent-page.js';
import { slackService } from '../slack/index.js';

describe('consent page', () => {
  it('escapes every interpolated value', () => {
    const html = renderConsentPage(slackService.theme, {
      requestId: 'r"1',
      csrfToken: '<t>',
      clientName: '<script>alert(1)</script>',
      redirectUri: 'http://evil"/cb',
      scopes: [{ name: 'x', description: '<b>' }],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('value="r&quot;1"');
  });
});
