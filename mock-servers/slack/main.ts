/** Runs the mock Slack server alone: SLACK_PORT (default 3201), admin endpoints on. */
import { runMockAlone } from '../shared/mock-service.js';
import { slackMock } from './index.js';

await runMockAlone(slackMock, 'SLACK_PORT', 3201);
