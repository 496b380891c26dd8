/**
 * The setup check's single-fault scenarios on the stateful Graph stub (metaGraphStub.ts): a
 * correct setup (our app subscribed to the WABA, its callback the trigger's URL and active,
 * `messages` subscribed, two phone numbers without overrides, another app subscribed with an
 * override elsewhere, which is harmless), then each fault alone. `failing` names the checks
 * that must fail for that fault, and only those. Used by the jest suite
 * (test/action/webhookSetup.test.ts) and the end-to-end run (scripts/e2e/scenarios/setupCheck.ts).
 */
import { CHECK } from '../../nodes/WhatsAppBusinessAccount/actions/webhookSetup/setupCheck';
import type { MetaGraphStub } from './metaGraphStub';

export const SETUP = {
	wabaId: '102290129340398',
	numbers: [
		{ id: '106540352242922', displayPhoneNumber: '+1 555-078-3881' },
		{ id: '106540352242923', displayPhoneNumber: '+1 555-078-3882' },
	],
	otherApp: {
		id: '6543210987654321',
		secret: '0123456789abcdef0123456789abcdef',
		name: 'Another Tool',
	},
	elsewhere: 'https://crm.example.com/whatsapp/webhook',
};

export interface SetupFault {
	name: string;
	/** Changes the correct state into the faulty one. */
	apply(graph: MetaGraphStub, ours: { appId: string; url: string }): void;
	/** The check runs with a verify token the callback does not accept. */
	wrongVerifyToken?: boolean;
	/** The callback does not answer (the workflow is inactive or n8n is down). */
	callbackDown?: boolean;
	/** Names of the checks that must fail, and no other. */
	failing: string[];
	/** A word the failing check's fix must contain. */
	fixMentions: string;
}

/** The correct setup, for the app `appId` whose trigger listens at `url`. */
export function correctSetup(graph: MetaGraphStub, ours: { appId: string; url: string }): void {
	graph.addWaba(SETUP.wabaId);
	for (const number of SETUP.numbers) graph.addPhoneNumber(SETUP.wabaId, number);
	graph.setAppSubscription(ours.appId, {
		callbackUrl: ours.url,
		fields: ['messages', 'account_update'],
	});
	graph.setSubscribedApp(SETUP.wabaId, ours.appId);
	if (!graph.apps.has(SETUP.otherApp.id)) graph.addApp(SETUP.otherApp);
	graph.setSubscribedApp(SETUP.wabaId, SETUP.otherApp.id, SETUP.elsewhere);
}

/** Back to the correct setup on the same stub (apps and tokens stay), for runs that try each fault in turn. */
export function resetSetup(graph: MetaGraphStub, ours: { appId: string; url: string }): void {
	graph.appSubscriptions.clear();
	graph.wabas.clear();
	graph.phoneNumbers.clear();
	correctSetup(graph, ours);
}

export const SETUP_FAULTS: SetupFault[] = [
	{
		name: 'app not subscribed',
		apply: (graph, ours) => graph.wabas.get(SETUP.wabaId)!.delete(ours.appId),
		failing: [CHECK.subscribed],
		fixMentions: 'Subscribe',
	},
	{
		name: 'callback elsewhere',
		apply: (graph, ours) =>
			graph.setAppSubscription(ours.appId, {
				callbackUrl: SETUP.elsewhere,
				fields: ['messages', 'account_update'],
			}),
		// the numbers fall back to the app's callback, so their deliveries go there too
		failing: [CHECK.callback, ...SETUP.numbers.map((n) => CHECK.numberUrl(n.displayPhoneNumber))],
		fixMentions: 'Callback URL',
	},
	{
		name: 'field missing',
		apply: (graph, ours) =>
			graph.setAppSubscription(ours.appId, { callbackUrl: ours.url, fields: ['account_update'] }),
		failing: [CHECK.fields],
		fixMentions: 'messages',
	},
	{
		name: 'a number override elsewhere',
		apply: (graph, ours) =>
			graph.setPhoneNumberOverride(SETUP.numbers[1].id, ours.appId, SETUP.elsewhere),
		failing: [CHECK.numberUrl(SETUP.numbers[1].displayPhoneNumber)],
		fixMentions: 'override_callback_uri',
	},
	{
		name: 'a WABA override by another app',
		apply: (graph, ours) => graph.setSubscribedApp(SETUP.wabaId, SETUP.otherApp.id, ours.url),
		failing: [CHECK.otherApps],
		fixMentions: 'other app',
	},
	{
		name: 'wrong verify token',
		apply: () => undefined,
		wrongVerifyToken: true,
		failing: [CHECK.handshake],
		fixMentions: 'verify token',
	},
	{
		name: 'handshake failing',
		apply: () => undefined,
		callbackDown: true,
		failing: [CHECK.handshake],
		fixMentions: 'Activate the workflow',
	},
];

/** Checks that fail on any loopback test setup: Meta cannot call http on 127.0.0.1. */
export const LOOPBACK_ONLY_FAILING = [CHECK.publicUrl];
