// Webhook Setup > Check over real loopback HTTP: the node, run by n8n-core, reads the stateful
// Graph stub and sends Meta's handshake to a real trigger (in-process n8n webhook host). A
// correct setup passes; each single fault fails exactly its checks, with its fix.
import type { IDataObject } from 'n8n-workflow';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import {
	correctSetup,
	LOOPBACK_ONLY_FAILING,
	SETUP,
	SETUP_FAULTS,
} from '../../scripts/lib/setupCheckFaults';
import { MESSAGING_PERMISSION_CHECK } from '../../nodes/WhatsAppBusinessAccount/actions/webhookSetup/permissions';
import { effectiveDeliveryUrl } from '../../nodes/WhatsAppBusinessAccount/actions/webhookSetup/numberDeliveries';
import { CHECK } from '../../nodes/WhatsAppBusinessAccount/actions/webhookSetup/setupCheck';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { APP_ID, APP_SECRET, VERIFY_TOKEN, startTrigger } from '../trigger/support';
import { byId } from './support/graph';
import { runNode } from './support/runner';

let graph: MetaGraphStub;
let trigger: InProcessTrigger;
let token: string;
let url: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: APP_SECRET, name: 'Orders' });
	token = graph.addSystemUserToken(APP_ID);
	trigger = await startTrigger(
		{ registration: 'manual' },
		{ webhook: { baseUrl: graph.url }, receipt: false },
	);
	url = trigger.url;
	correctSetup(graph, { appId: APP_ID, url });
});
afterEach(async () => {
	await trigger.close();
	await graph.close();
});

async function check(options: { verifyToken?: string; fields?: string[] } = {}) {
	const { items, error } = await runNode({
		parameters: {
			resource: 'webhookSetup',
			operation: 'check',
			wabaId: byId(SETUP.wabaId),
			expectedUrl: url,
			fields: options.fields ?? ['messages'],
		},
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
			webhook: {
				appId: APP_ID,
				appSecret: APP_SECRET,
				verifyToken: options.verifyToken ?? VERIFY_TOKEN,
				baseUrl: graph.url,
			},
		},
	});
	expect(error).toBeUndefined();
	return items.map(
		(i) =>
			i.json as IDataObject & { check: string; passed: boolean | null; fix: string; found: string },
	);
}

const failed = (results: Awaited<ReturnType<typeof check>>) =>
	results.filter((r) => r.passed === false).map((r) => r.check);

test('a correct setup passes every check that can be read; what cannot be read says so', async () => {
	const results = await check();
	expect(results.map((r) => r.check)).toEqual([
		CHECK.tokenApp,
		MESSAGING_PERMISSION_CHECK,
		CHECK.subscribed,
		CHECK.callback,
		CHECK.active,
		CHECK.fields,
		...SETUP.numbers.map((n) => CHECK.numberUrl(n.displayPhoneNumber)),
		CHECK.otherApps,
		CHECK.handshake,
		CHECK.publicUrl,
		CHECK.appMode,
	]);
	expect(failed(results)).toEqual(LOOPBACK_ONLY_FAILING);
	for (const r of results)
		expect(Object.keys(r).sort()).toEqual(['check', 'expected', 'fix', 'found', 'passed']);
	expect(results.find((r) => r.check === CHECK.appMode)).toMatchObject({
		passed: null,
		found: 'Not readable through the Graph API',
	});
	expect(results.find((r) => r.check === CHECK.handshake)!.found).toContain(
		'cannot be read back through the Graph API',
	);
	// the app access token travels in a header, never in the URL
	const appCalls = graph.requests.filter(
		(r) => r.path === `/${APP_ID}/subscriptions` || r.path === '/debug_token',
	);
	expect(appCalls).toHaveLength(2);
	for (const call of appCalls) {
		expect(call.tokenInUrl).toBe(false);
		expect(call.authorization).toBe(`Bearer ${APP_ID}|${APP_SECRET}`);
	}
	expect(graph.requests.some((r) => r.method !== 'GET')).toBe(false);
});

test.each(SETUP_FAULTS.map((f) => [f.name, f] as const))(
	'%s: named exactly, with its fix',
	async (_name, fault) => {
		fault.apply(graph, { appId: APP_ID, url });
		if (fault.callbackDown) await trigger.close();
		const results = await check({
			verifyToken: fault.wrongVerifyToken ? 'not-the-trigger-token-1234' : undefined,
		});
		expect(failed(results).sort()).toEqual([...fault.failing, ...LOOPBACK_ONLY_FAILING].sort());
		for (const name of fault.failing) {
			const result = results.find((r) => r.check === name)!;
			expect(result.fix).toContain(fault.fixMentions);
		}
	},
);

test('a token of another app is named, and the fields the trigger needs are each checked', async () => {
	const otherToken = graph.addSystemUserToken(SETUP.otherApp.id);
	token = otherToken;
	const results = await check({ fields: ['messages', 'message_template_status_update'] });
	expect(results.find((r) => r.check === CHECK.tokenApp)).toMatchObject({
		passed: false,
		found: `A token of app ${SETUP.otherApp.id}`,
	});
	expect(results.find((r) => r.check === CHECK.fields)).toMatchObject({ passed: false });
	expect(results.find((r) => r.check === CHECK.fields)!.fix).toContain(
		'message_template_status_update',
	);
});

test('a token without whatsapp_business_messaging is named: it cannot send messages', async () => {
	token = graph.addSystemUserToken(APP_ID, undefined, ['whatsapp_business_management']);
	const results = await check();
	expect(results.find((r) => r.check === MESSAGING_PERMISSION_CHECK)).toMatchObject({
		passed: false,
		found: 'Permissions: whatsapp_business_management',
	});
	expect(results.find((r) => r.check === MESSAGING_PERMISSION_CHECK)!.fix).toContain(
		'whatsapp_business_messaging',
	);
	expect(failed(results).sort()).toEqual(
		[MESSAGING_PERMISSION_CHECK, ...LOOPBACK_ONLY_FAILING].sort(),
	);
});

test("Meta's order: number override, then account override, then the app's callback", () => {
	expect(
		effectiveDeliveryUrl({ application: 'a', whatsapp_business_account: 'w', phone_number: 'p' }),
	).toEqual({ url: 'p', source: 'phone number override' });
	expect(effectiveDeliveryUrl({ application: 'a', whatsapp_business_account: 'w' })).toEqual({
		url: 'w',
		source: 'account override',
	});
	expect(effectiveDeliveryUrl({ application: 'a' })).toEqual({ url: 'a', source: 'app callback' });
	expect(effectiveDeliveryUrl(undefined)).toEqual({ source: 'nowhere' });
});

test('a failed registration of the trigger points at this operation', async () => {
	const host = await startTrigger(
		{ registration: 'wabaOverride', wabaId: SETUP.wabaId },
		{
			webhook: { baseUrl: graph.url },
			api: {
				accessToken: graph.addSystemUserToken(SETUP.otherApp.id),
				appSecret: SETUP.otherApp.secret,
				apiVersion: 'v23.0',
				baseUrl: graph.url,
			},
			receipt: false,
		},
	);
	try {
		const error = (await host.runHook('create').catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toContain(`belongs to app ${SETUP.otherApp.id}`);
		expect(error.description).toContain('Resource "Webhook Setup" and Operation "Check"');
	} finally {
		await host.close();
	}
});

test("each number says at which level Meta sends its deliveries: its own override, the WABA's, or the app's callback", async () => {
	const [first, second] = SETUP.numbers;
	graph.setPhoneNumberOverride(first.id, APP_ID, url);
	graph.setSubscribedApp(SETUP.wabaId, APP_ID, SETUP.elsewhere);
	let results = await check();
	const row = (number: { displayPhoneNumber: string }) =>
		results.find((r) => r.check === CHECK.numberUrl(number.displayPhoneNumber))!;
	expect(row(first)).toMatchObject({
		passed: true,
		found: `${url} (phone number override: the phone number's own override callback URL)`,
		fix: '',
	});
	expect(row(second)).toMatchObject({
		passed: false,
		found: `${SETUP.elsewhere} (account override: the WABA's override callback URL (the number has none of its own))`,
	});
	expect(row(second).fix).toContain('Override Callback for a Phone Number');

	graph.setSubscribedApp(SETUP.wabaId, APP_ID);
	results = await check();
	expect(row(second)).toMatchObject({
		passed: true,
		found: `${url} (app callback: the app's callback URL (neither the number nor the WABA has an override))`,
	});
});
