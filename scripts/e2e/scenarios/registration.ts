// Registration in a real n8n (docs/registration.md): the trigger in App Subscription, Override
// Callback for a WABA and Override Callback for a Phone Number mode against the stateful Graph stub (scripts/lib/metaGraphStub.ts),
// which verifies callbacks the way Meta does. For each mode: activate, listen for a
// test event while active (n8n's own REST call the editor makes), deactivate, re-activate; after
// each step the stub's state is what the README says, and a signed delivery to the production
// URL still starts an execution. Also: test listening with nothing registered (the test URL is
// registered, a delivery to it runs the workflow, and the registration is gone afterwards), a
// token of another app refused at activation, and a token that turned into another app's while
// active: deactivation leaves Meta untouched and says why in n8n's log.
import * as crypto from 'crypto';
import * as fs from 'fs';

// the webhook credential has no API Version: app-level calls use the package's default
import { DEFAULT_GRAPH_API_VERSION } from '../../../nodes/shared/transport/auth';
import { MetaGraphStub } from '../../lib/metaGraphStub';
import { postSigned } from '../../lib/metaSender';
import type { Credential, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { TRIGGER_TYPE } from '../../lib/n8n/workflows';
import { sleep } from '../../lib/sleep';
import type { Check, Step } from '../lib/checks';

type TriggerWorkflow = WorkflowDefinition & {
	nodes: Array<{ webhookId: string } & Record<string, unknown>>;
};

const APP = {
	id: '1234567890123456',
	secret: 'e2b0c44298fc1c149afbf4c8996fb924',
	name: 'E2E Orders',
};
const OTHER_APP = {
	id: '6543210987654321',
	secret: '0123456789abcdef0123456789abcdef',
	name: 'Another Tool',
};
const VERIFY_TOKEN = 'e2e-registration-9c41d7b2';
const WABA = '102290129340398';
const PHONE = '106540352242922';
const ELSEWHERE = 'https://crm.example.com/whatsapp/webhook';
const NODE_NAME = 'WhatsApp Business Account Trigger';

function workflow(
	name: string,
	parameters: Record<string, unknown>,
	credentials: Record<string, Credential>,
): TriggerWorkflow {
	return {
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: NODE_NAME,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters,
				credentials,
			},
		],
		connections: {},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
			saveManualExecutions: true,
		},
	};
}

/** Adds its checks through `check`. */
export async function registrationChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		graph.addApp(OTHER_APP);
		graph.addWaba(WABA);
		const ourToken = graph.addSystemUserToken(APP.id);
		const theirToken = graph.addSystemUserToken(OTHER_APP.id);

		const webhookCredential = await n8n.createCredential(
			'E2E registration webhook',
			'whatsAppBusinessAccountWebhookApi',
			{
				appId: APP.id,
				appSecret: APP.secret,
				verifyToken: VERIFY_TOKEN,
				baseUrl: graph.url,
			},
		);
		const apiCredential = await n8n.createCredential(
			'E2E registration Graph',
			'whatsAppBusinessAccountApi',
			{
				accessToken: ourToken,
				appSecret: APP.secret,
				apiVersion: 'v23.0',
				baseUrl: graph.url,
			},
		);
		const otherApiCredential = await n8n.createCredential(
			'E2E registration Graph (other app)',
			'whatsAppBusinessAccountApi',
			{
				accessToken: theirToken,
				appSecret: OTHER_APP.secret,
				apiVersion: 'v23.0',
				baseUrl: graph.url,
			},
		);
		const ref = (c: Credential) => ({ id: c.id, name: c.name });

		const urls = (wf: TriggerWorkflow) => ({
			production: `${n8n.baseUrl}/webhook/${wf.nodes[0].webhookId}/webhook`,
			test: `${n8n.baseUrl}/webhook-test/${wf.nodes[0].webhookId}/webhook`,
		});
		const deliver = async (url: string) => {
			const body = JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: WABA,
						time: 1700000000,
						changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }],
					},
				],
			});
			const res = await postSigned(url, body, APP.secret);
			return res.status;
		};
		/** A production delivery is answered 200 and becomes the workflow's next execution. */
		const deliversInProduction = async (id: string, url: string) => {
			const before = (await n8n.executions(id)).length;
			const status = await deliver(url);
			const after = await n8n.waitForExecutions(id, before + 1, {
				timeoutMs: 30_000,
				settleMs: 300,
			});
			return {
				ok: status === 200 && after.length === before + 1,
				detail: `HTTP ${status}, executions ${before} → ${after.length}`,
			};
		};
		/**
		 * n8n answers publish and deactivate before it has run the node's registration: wait
		 * (up to 30 s) until the stub's state is `expected`, and say how long it took.
		 */
		const settle = async (read: () => unknown, expected: string) => {
			const started = Date.now();
			let seen = json(read());
			while (seen !== expected && Date.now() - started < 30_000) {
				await sleep(100);
				seen = json(read());
			}
			return { ok: seen === expected, detail: `${seen} (after ${Date.now() - started} ms)` };
		};
		const publish = async (id: string) => await n8n.publish(id, { expect: [200, 400, 500] });
		const deactivate = async (id: string) =>
			await n8n.api('POST', `/workflows/${id}/deactivate`, {}, { expect: [200] });
		/** "Listen for test event" as the editor asks for it. */
		const listen = async (id: string) => {
			// n8n 1.x's editor sends the workflow itself along (2.x reads the saved one)
			const workflowData = n8n.major < 2 ? await n8n.rest('GET', `/workflows/${id}`) : undefined;
			return await n8n.rest(
				'POST',
				`/workflows/${id}/run`,
				{ ...(workflowData ? { workflowData } : {}), triggerToStartFrom: { name: NODE_NAME } },
				{ expect: [200, 400, 500], raw: true },
			);
		};
		const stopListening = async (id: string) =>
			await n8n.rest('DELETE', `/test-webhooks/${id}`, undefined, {
				expect: [200, 404],
				raw: true,
			});
		const json = (value: unknown) => JSON.stringify(value);

		// ---- App Subscription -------------------------------------------------------------
		step(
			'Registration: App Subscription (activate, test listening while active, deactivate, re-activate)',
		);
		const appWf = workflow(
			'E2E: registration, app subscription',
			{ registration: 'appSubscription', fields: ['messages', 'account_update'] },
			{ whatsAppBusinessAccountWebhookApi: ref(webhookCredential) },
		);
		const appUrls = urls(appWf);
		const appCreated = await n8n.importWorkflow(appWf, { activate: false });
		const subscribed = (url: string) => ({
			object: 'whatsapp_business_account',
			callback_url: url,
			active: true,
			fields: [
				{ name: 'messages', version: DEFAULT_GRAPH_API_VERSION },
				{ name: 'account_update', version: DEFAULT_GRAPH_API_VERSION },
			],
		});

		const appState = () => graph.appSubscription(APP.id);
		await publish(appCreated.id);
		let settled = await settle(appState, json(subscribed(appUrls.production)));
		check(
			'App Subscription, activated: the app callback is the production URL, Meta verified it with the verify token',
			settled.ok &&
				graph.verifications.some(
					(v) => v.url === appUrls.production && v.ok && v.verifyToken === VERIFY_TOKEN,
				),
			settled.detail,
		);
		let delivered = await deliversInProduction(appCreated.id, appUrls.production);
		check(
			'App Subscription, activated: a production delivery starts an execution',
			delivered.ok,
			delivered.detail,
		);

		const refused = await listen(appCreated.id);
		await stopListening(appCreated.id);
		check(
			"App Subscription, test listening while active: refused with the reason, in n8n's answer",
			refused.status !== 200 && /would redirect live deliveries/.test(refused.text),
			`${refused.status} ${refused.text.slice(0, 200)}`,
		);
		check(
			'App Subscription, test listening while active: the app subscription is unchanged',
			json(graph.appSubscription(APP.id)) === json(subscribed(appUrls.production)),
			json(graph.appSubscription(APP.id)),
		);
		delivered = await deliversInProduction(appCreated.id, appUrls.production);
		check(
			'App Subscription, after test listening: a production delivery still starts an execution',
			delivered.ok,
			delivered.detail,
		);

		await deactivate(appCreated.id);
		settled = await settle(appState, json(undefined));
		check(
			'App Subscription, deactivated: the subscription activation made is removed',
			settled.ok,
			settled.detail,
		);

		const listening = await listen(appCreated.id);
		const testSubscription = graph.appSubscription(APP.id);
		check(
			'App Subscription, test listening with nothing registered: the test URL is registered',
			listening.status === 200 &&
				/waitingForWebhook/.test(listening.text) &&
				testSubscription?.callback_url === appUrls.test,
			`${listening.status} ${listening.text.slice(0, 120)}; ${json(testSubscription)}`,
		);
		const testStatus = await deliver(appUrls.test);
		settled = await settle(appState, json(undefined));
		check(
			'App Subscription, a test delivery ends the listening and removes the test registration',
			testStatus === 200 && settled.ok,
			`HTTP ${testStatus}; ${settled.detail}`,
		);

		await publish(appCreated.id);
		settled = await settle(appState, json(subscribed(appUrls.production)));
		check(
			'App Subscription, re-activated: the app callback is the production URL again',
			settled.ok,
			settled.detail,
		);
		delivered = await deliversInProduction(appCreated.id, appUrls.production);
		check(
			'App Subscription, re-activated: a production delivery starts an execution',
			delivered.ok,
			delivered.detail,
		);
		await deactivate(appCreated.id);
		settled = await settle(appState, json(undefined));
		check('App Subscription, deactivated again: nothing left at Meta', settled.ok, settled.detail);

		// ---- Override Callback for a WABA ---------------------------------------------------
		step(
			'Registration: Override Callback for a WABA (two apps; activate, test listening while active, deactivate, re-activate)',
		);
		// what was there before: another app overrides this WABA for itself; ours is subscribed plainly
		graph.setSubscribedApp(WABA, OTHER_APP.id, ELSEWHERE);
		graph.setSubscribedApp(WABA, APP.id);
		const before = json(graph.subscribedApps(WABA));
		const wabaWf = workflow(
			'E2E: registration, WABA override',
			{ registration: 'wabaOverride', wabaId: WABA },
			{
				whatsAppBusinessAccountWebhookApi: ref(webhookCredential),
				whatsAppBusinessAccountApi: ref(apiCredential),
			},
		);
		const wabaUrls = urls(wabaWf);
		const wabaCreated = await n8n.importWorkflow(wabaWf, { activate: false });
		const withOurs = (override?: string) =>
			json([
				{ appId: OTHER_APP.id, overrideCallbackUri: ELSEWHERE },
				{ appId: APP.id, ...(override ? { overrideCallbackUri: override } : {}) },
			]);

		const wabaState = () => graph.subscribedApps(WABA);
		await publish(wabaCreated.id);
		settled = await settle(wabaState, withOurs(wabaUrls.production));
		check(
			"WABA override, activated: our app overrides the WABA with the production URL; the other app's override is untouched",
			settled.ok,
			settled.detail,
		);
		delivered = await deliversInProduction(wabaCreated.id, wabaUrls.production);
		check(
			'WABA override, activated: a production delivery starts an execution',
			delivered.ok,
			delivered.detail,
		);

		const refusedWaba = await listen(wabaCreated.id);
		await stopListening(wabaCreated.id);
		check(
			'WABA override, test listening while active: refused with the reason',
			refusedWaba.status !== 200 && /would redirect live deliveries/.test(refusedWaba.text),
			`${refusedWaba.status} ${refusedWaba.text.slice(0, 200)}`,
		);
		check(
			"WABA override, test listening while active: the WABA's subscriptions are unchanged",
			json(graph.subscribedApps(WABA)) === withOurs(wabaUrls.production),
			json(graph.subscribedApps(WABA)),
		);
		delivered = await deliversInProduction(wabaCreated.id, wabaUrls.production);
		check(
			'WABA override, after test listening: a production delivery still starts an execution',
			delivered.ok,
			delivered.detail,
		);

		await deactivate(wabaCreated.id);
		settled = await settle(wabaState, before);
		check(
			"WABA override, deactivated: what was there before activation is back (our plain subscription, the other app's override)",
			settled.ok,
			settled.detail,
		);
		await publish(wabaCreated.id);
		settled = await settle(wabaState, withOurs(wabaUrls.production));
		check(
			'WABA override, re-activated: the override is the production URL again',
			settled.ok,
			settled.detail,
		);
		delivered = await deliversInProduction(wabaCreated.id, wabaUrls.production);
		check(
			'WABA override, re-activated: a production delivery starts an execution',
			delivered.ok,
			delivered.detail,
		);
		await deactivate(wabaCreated.id);
		settled = await settle(wabaState, before);
		check(
			'WABA override, deactivated again: back to what was there before',
			settled.ok,
			settled.detail,
		);

		// ---- Override Callback for a Phone Number ------------------------------------------------
		step(
			"Registration: Override Callback for a Phone Number (activate, test listening while active, deactivate, test listening, re-activate; a token changed to another app's at deactivation)",
		);
		graph.addPhoneNumber(WABA, { id: PHONE, displayPhoneNumber: '+1 555-0100' });
		// before: the other app overrides the WABA for itself; ours is not subscribed (activation must subscribe it)
		graph.wabas.get(WABA)?.delete(APP.id);
		const phoneBefore = json([
			graph.subscribedApps(WABA),
			graph.webhookConfiguration(PHONE, APP.id),
		]);
		const phoneWf = workflow(
			'E2E: registration, phone number override',
			{
				registration: 'phoneNumberOverride',
				wabaId: { __rl: true, mode: 'id', value: WABA },
				phoneNumberId: { __rl: true, mode: 'id', value: PHONE },
			},
			{
				whatsAppBusinessAccountWebhookApi: ref(webhookCredential),
				whatsAppBusinessAccountApi: ref(apiCredential),
			},
		);
		const phoneUrls = urls(phoneWf);
		const phoneCreated = await n8n.importWorkflow(phoneWf, { activate: false });
		const phoneState = () => [
			graph.subscribedApps(WABA),
			graph.webhookConfiguration(PHONE, APP.id),
		];
		const withNumber = (url: string) =>
			json([
				[{ appId: OTHER_APP.id, overrideCallbackUri: ELSEWHERE }, { appId: APP.id }],
				{ phone_number: url },
			]);

		await publish(phoneCreated.id);
		settled = await settle(phoneState, withNumber(phoneUrls.production));
		check(
			"Phone number override, activated: our app subscribed to the WABA and the number's override is the production URL (Meta verified it); the other app's override untouched",
			settled.ok &&
				graph.numberDestination(PHONE, APP.id) === phoneUrls.production &&
				graph.verifications.some((v) => v.url === phoneUrls.production && v.ok),
			settled.detail,
		);
		delivered = await deliversInProduction(phoneCreated.id, phoneUrls.production);
		check(
			'Phone number override, activated: a production delivery starts an execution',
			delivered.ok,
			delivered.detail,
		);

		const refusedPhone = await listen(phoneCreated.id);
		await stopListening(phoneCreated.id);
		check(
			'Phone number override, test listening while active: refused with the reason, nothing changed',
			refusedPhone.status !== 200 &&
				/would redirect live deliveries/.test(refusedPhone.text) &&
				json(phoneState()) === withNumber(phoneUrls.production),
			`${refusedPhone.status} ${refusedPhone.text.slice(0, 200)}`,
		);
		delivered = await deliversInProduction(phoneCreated.id, phoneUrls.production);
		check(
			'Phone number override, after test listening: a production delivery still starts an execution',
			delivered.ok,
			delivered.detail,
		);

		await deactivate(phoneCreated.id);
		settled = await settle(
			() => [graph.subscribedApps(WABA), graph.webhookConfiguration(PHONE, APP.id)],
			phoneBefore,
		);
		check(
			'Phone number override, deactivated: the override and the subscription activation made are gone, the rest as before',
			settled.ok,
			settled.detail,
		);

		const listeningPhone = await listen(phoneCreated.id);
		const testOverride = graph.numberDestination(PHONE, APP.id);
		check(
			"Phone number override, test listening with nothing registered: the test URL is the number's override",
			listeningPhone.status === 200 && testOverride === phoneUrls.test,
			`${listeningPhone.status} ${listeningPhone.text.slice(0, 120)}; ${testOverride}`,
		);
		const phoneTestStatus = await deliver(phoneUrls.test);
		settled = await settle(phoneState, phoneBefore);
		check(
			'Phone number override, a test delivery ends the listening and removes the test registration',
			phoneTestStatus === 200 && settled.ok,
			`HTTP ${phoneTestStatus}; ${settled.detail}`,
		);

		await publish(phoneCreated.id);
		settled = await settle(phoneState, withNumber(phoneUrls.production));
		delivered = await deliversInProduction(phoneCreated.id, phoneUrls.production);
		check(
			'Phone number override, re-activated: the override is the production URL again and delivers',
			settled.ok && delivered.ok,
			`${settled.detail}; ${delivered.detail}`,
		);

		// the attack of a token changed to another app's while active (Meta now says the token is that app's)
		const THEIR_NUMBER_URL = 'https://other.example.com/number';
		graph.setPhoneNumberOverride(PHONE, OTHER_APP.id, THEIR_NUMBER_URL);
		const ourTokenInfo = graph.tokens.get(ourToken);
		graph.tokens.set(ourToken, { ...ourTokenInfo!, appId: OTHER_APP.id });
		const attackBefore = json([
			graph.subscribedApps(WABA),
			graph.webhookConfiguration(PHONE, APP.id),
			graph.webhookConfiguration(PHONE, OTHER_APP.id),
		]);
		const writesBeforeAttack = graph.requests.filter((r) => r.method !== 'GET').length;
		const logBefore = fs.existsSync(n8n.logFile) ? fs.statSync(n8n.logFile).size : 0;
		await deactivate(phoneCreated.id);
		const expectedLog = `the access token now belongs to app ${OTHER_APP.id}, but activation registered app ${APP.id}`;
		let logged = '';
		for (let i = 0; i < 150 && !logged.includes(expectedLog); i++) {
			await sleep(200);
			logged = fs.readFileSync(n8n.logFile, 'utf8').slice(logBefore);
		}
		check(
			"Phone number override, token changed to another app's while active: deactivation leaves Meta untouched (both apps' overrides) and n8n's log says why",
			logged.includes(expectedLog) &&
				logged.includes("deactivation left Meta's registration") &&
				graph.requests.filter((r) => r.method !== 'GET').length === writesBeforeAttack &&
				json([
					graph.subscribedApps(WABA),
					graph.webhookConfiguration(PHONE, APP.id),
					graph.webhookConfiguration(PHONE, OTHER_APP.id),
				]) === attackBefore,
			(logged.split('\n').find((l) => l.includes('deactivation left')) ?? 'no log line').slice(
				0,
				300,
			),
		);
		// the right token back: activation finds the registration live, deactivation removes exactly ours
		graph.tokens.set(ourToken, ourTokenInfo!);
		const readsBefore = graph.requests.length;
		await publish(phoneCreated.id);
		// n8n publishes asynchronously: wait until the trigger has read the number's configuration (its checkExists)
		await settle(
			() =>
				graph.requests.slice(readsBefore).some((r) => r.method === 'GET' && r.path === `/${PHONE}`),
			'true',
		);
		await deactivate(phoneCreated.id);
		// the override goes first, then the subscription activation made: wait for both
		settled = await settle(phoneState, phoneBefore);
		check(
			"Phone number override, with the right token back: deactivation removes our override and the subscription it made, and leaves the other app's",
			settled.ok &&
				graph.webhookConfiguration(PHONE, OTHER_APP.id).phone_number === THEIR_NUMBER_URL,
			settled.detail,
		);
		graph.setPhoneNumberOverride(PHONE, OTHER_APP.id, undefined);
		graph.setSubscribedApp(WABA, APP.id);

		// ---- one app ----------------------------------------------------------------------------
		const mixedWf = workflow(
			'E2E: registration, token of another app',
			{ registration: 'wabaOverride', wabaId: WABA },
			{
				whatsAppBusinessAccountWebhookApi: ref(webhookCredential),
				whatsAppBusinessAccountApi: ref(otherApiCredential),
			},
		);
		const mixed = await n8n.importWorkflow(mixedWf, { activate: false });
		const writesBefore = graph.requests.filter((r) => r.method !== 'GET').length;
		// n8n 2.41 publishes through its outbox: the publish call answers at once, and the node's
		// refusal becomes the trigger's failed status in the workflow's publication status
		// (n8n 1.x activates synchronously and answers with the refusal itself)
		const published = await publish(mixed.id);
		let mixedError = n8n.major < 2 ? JSON.stringify(published ?? '') : '';
		const expectedError = `belongs to app ${OTHER_APP.id}, but the webhook credential is for app ${APP.id}`;
		for (let i = 0; n8n.major >= 2 && i < 150 && !mixedError.includes(expectedError); i++) {
			await sleep(200);
			mixedError = (
				await n8n.rest('GET', `/workflows/${mixed.id}/publication-status`, undefined, {
					expect: [200],
					raw: true,
				})
			).text;
		}
		check(
			"a token of another app: activation refused naming both app ids (n8n's publication status), nothing written at Meta",
			mixedError.includes(expectedError) &&
				graph.requests.filter((r) => r.method !== 'GET').length === writesBefore &&
				json(graph.subscribedApps(WABA)) === before,
			mixedError.slice(0, 300),
		);
		// ---- the webhook credential's test, as the editor runs it ------------------------------
		const testCredential = async (
			name: string,
			data: Record<string, unknown>,
			type = 'whatsAppBusinessAccountWebhookApi',
		) => {
			const created = await n8n.createCredential(name, type, data);
			const answer = await n8n.rest(
				'POST',
				'/credentials/test',
				{ credentials: { id: created.id, name, type, data } },
				{ expect: [200], raw: true },
			);
			return answer.text;
		};
		const good = {
			appId: APP.id,
			appSecret: APP.secret,
			verifyToken: VERIFY_TOKEN,
			baseUrl: graph.url,
		};
		const requestsBefore = graph.requests.length;
		const okTest = await testCredential('E2E webhook credential test', good);
		const sent = graph.requests.slice(requestsBefore);
		check(
			'webhook credential test: passes, with the app access token in the Authorization header only',
			/"status":"OK"/.test(okTest) &&
				sent.length === 1 &&
				sent[0].authorization === `Bearer ${APP.id}|${APP.secret}` &&
				!sent[0].tokenInUrl &&
				!JSON.stringify(sent[0].query).includes(APP.secret),
			`${okTest.slice(0, 120)}; ${sent.length} request(s)`,
		);
		const weak = await testCredential('E2E weak webhook credential', {
			...good,
			appSecret: 'a'.repeat(32),
		});
		const plainHttp = await testCredential('E2E webhook credential, plain http host', {
			...good,
			baseUrl: 'http://graph.example.com',
		});
		check(
			'webhook credential test: a weak app secret fails with the reason, nothing sent',
			/"status":"Error"/.test(weak) &&
				/app secret is refused/.test(weak) &&
				graph.requests.length === requestsBefore + 1,
			weak.slice(0, 200),
		);
		check(
			'webhook credential test: a plain-http public Graph base URL fails before any request',
			/"status":"Error"/.test(plainHttp) && /must be https/.test(plainHttp),
			plainHttp.slice(0, 200),
		);
		// issue 23: someone who may edit a shared credential points it at their own https host
		const foreignWebhook = await testCredential('E2E webhook credential, another https host', {
			...good,
			baseUrl: 'https://attacker.example',
		});
		const foreignApi = await testCredential(
			'E2E API credential, another https host',
			{
				accessToken: 'EAAe2eForeignHostToken',
				apiVersion: 'v23.0',
				baseUrl: 'https://attacker.example',
			},
			'whatsAppBusinessAccountApi',
		);
		for (const [which, answer] of [
			['webhook', foreignWebhook],
			['API', foreignApi],
		] as const) {
			check(
				`${which} credential test: another https Graph host fails before any request, naming graph.facebook.com`,
				/"status":"Error"/.test(answer) &&
					/go only to graph\.facebook\.com .*not to attacker\.example/.test(answer),
				answer.slice(0, 200),
			);
		}

		check(
			'no token or secret ever travelled in a URL to Graph',
			graph.requests.every((r) => !r.tokenInUrl),
			`${graph.requests.length} Graph requests`,
		);
	} finally {
		await graph.close();
	}
}
