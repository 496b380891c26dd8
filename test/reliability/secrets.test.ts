// Secrets (app secret, access token, verify token) never appear in answers, items, errors,
// logs or the replay report.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { singleEntryBody } from '../../scripts/lib/deliveries';
import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { main as replayMain } from '../../scripts/lib/replay';
import { hostileCases, send } from '../../scripts/reliability/hostile';
import { signBody } from '../../nodes/shared/webhook/signature';
import type nockType from 'nock';
import { byId, graph, graphError, versionPath, WABA_ID } from '../action/support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, APP_SECRET as API_APP_SECRET, runNode } from '../action/support/runner';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { startTrigger } from '../trigger/support';
import { allText, captureLogs, exposedText } from './support';

const APP_SECRET = 'secret-app-5b2e7d1f90c4a8e3';
const VERIFY_TOKEN = 'secret-verify-3c9a1e7f';
const secrets = { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
const forbidden = [APP_SECRET, VERIFY_TOKEN, ACCESS_TOKEN, API_APP_SECRET];
const expectClean = (text: string, allowVerifyToken = false) => {
	for (const secret of forbidden)
		if (!(allowVerifyToken && secret === VERIFY_TOKEN)) expect(text).not.toContain(secret);
};

describe('the trigger never reveals its secrets', () => {
	let host: InProcessTrigger;
	beforeAll(async () => {
		host = await startTrigger({}, { webhook: { appId: '1', ...secrets }, receipt: false });
	});
	afterAll(async () => await host.close());

	test('in answers, items and logs, over every hostile input', async () => {
		const logs = captureLogs();
		const texts: string[] = [];
		try {
			for (const c of hostileCases().filter((k) => !k.realOnly)) {
				const request = c.request(secrets);
				const answer = await send(host.url, request).catch((e: Error) => ({
					status: 0,
					text: e.message,
				}));
				// the handshake echoes hub.challenge only; the token is never in the answer
				texts.push(answer.text);
			}
		} finally {
			logs.restore();
		}
		expectClean(texts.join('\n'));
		expectClean(allText(host.executions));
		expectClean(logs.text());
	});

	test('a handshake whose challenge is a guess of the token gets a 403, not the token', async () => {
		const answer = await send(host.url, {
			method: 'GET',
			query: `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN.slice(0, -1)}&hub.challenge=x`,
			headers: {},
		});
		expect(answer.status).toBe(403);
		expectClean(answer.text);
	});
});

describe('Graph errors never reveal the access token or the app secret', () => {
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => configureGraphRetries({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 }));
	afterEach(() => {
		nock.cleanAll();
		resetGraphRetries();
	});
	afterAll(() => nock.enableNetConnect());

	test.each([
		[
			'code 190 quoting the token',
			(s: nockType.Interceptor) =>
				s.reply(401, graphError(190, `Malformed access token ${ACCESS_TOKEN.slice(0, 6)}...`)),
		],
		['HTTP 500', (s: nockType.Interceptor) => s.times(3).reply(500, 'Internal Server Error')],
		['code 100', (s: nockType.Interceptor) => s.reply(400, graphError(100, 'Invalid parameter'))],
	])('%s', async (_name, reply) => {
		reply(
			graph()
				.get(versionPath(`/${WABA_ID}`))
				.query(true),
		);
		const logs = captureLogs();
		try {
			const result = await runNode({
				parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
			});
			expect(result.error).toBeDefined();
			expectClean(exposedText(result.error));
			expectClean(allText(result.run?.data.resultData));
		} finally {
			logs.restore();
		}
		expectClean(logs.text());
	});
});

describe('the replay report never reveals the secret', () => {
	test('text and JSON reports, with deliveries refused and accepted', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-secrets-'));
		try {
			const good = JSON.stringify(
				singleEntryBody([{ field: 'security', value: { event: 'PASSWORD_CHANGED' } }], {
					id: '1',
					time: 1,
				}),
			);
			const lines = [
				JSON.stringify({
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': signBody(good, APP_SECRET),
					},
					body: good,
				}),
				JSON.stringify({
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': signBody(good, 'wrong'),
					},
					body: good,
				}),
				JSON.stringify({
					headers: { 'content-type': 'application/json' },
					body: `{"secret":"${APP_SECRET}"}`,
				}),
			];
			fs.writeFileSync(path.join(dir, 'deliveries.ndjson'), lines.join('\n') + '\n');
			for (const format of [[], ['--json']]) {
				let out = '';
				const io = {
					stdout: (t: string) => void (out += t),
					stderr: (t: string) => void (out += t),
				};
				const logs = captureLogs();
				try {
					await replayMain(
						['--secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--no-check', ...format, dir],
						io as never,
					);
				} finally {
					logs.restore();
				}
				expect(out.length).toBeGreaterThan(0);
				expect(out).not.toContain(APP_SECRET);
				expect(out).not.toContain(VERIFY_TOKEN);
				expect(logs.text()).not.toContain(APP_SECRET);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
