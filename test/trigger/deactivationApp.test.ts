import { APP_ID } from './support';
import { ELSEWHERE, n8nLogger, OTHER_APP, useRegistrationWorld, WABA } from './registrationHost';

/**
 * The attack of issue 23 (item 3): someone allowed to edit a credential changes the access
 * token to another app's while the workflow is active. Graph's writes act for the token's
 * app, so a deactivation that did not check would remove that app's registration and leave
 * ours live. Now deactivation leaves Meta untouched, logs why (with the node), returns false
 * and keeps what is live on record; with the right credential back, it cleans up.
 */
const PHONE = '106540352242922';
const THEIR_URL = 'https://other.example.com/hook';

const world = useRegistrationWorld();
let logged: jest.SpyInstance;
beforeEach(() => {
	world.graph.addPhoneNumber(WABA, { id: PHONE, displayPhoneNumber: '+1 555-0100' });
	logged = jest.spyOn(n8nLogger(), 'error').mockImplementation(() => undefined);
});
afterEach(() => logged.mockRestore());

const modes = [
	['Override Callback for a WABA', { registration: 'wabaOverride', wabaId: WABA }],
	[
		'Override Callback for a Phone Number',
		{
			registration: 'phoneNumberOverride',
			wabaId: WABA,
			phoneNumberId: { __rl: true, mode: 'id', value: PHONE },
		},
	],
] as const;

describe('deactivation acts only with a token of the app activation registered', () => {
	test.each(modes)(
		"%s: the token changed to another app's while active; Meta is left untouched and the reason logged",
		async (_name, params) => {
			const { graph } = world;
			// the other app's own registrations, which a deactivation acting with its token would remove
			graph.setSubscribedApp(WABA, OTHER_APP.id, THEIR_URL);
			graph.setPhoneNumberOverride(PHONE, OTHER_APP.id, THEIR_URL);
			const { host, credentials } = await world.start(params);
			await host.runHook('create');
			const meta = () =>
				JSON.stringify([
					graph.subscribedApps(WABA),
					graph.webhookConfiguration(PHONE, APP_ID),
					graph.webhookConfiguration(PHONE, OTHER_APP.id),
				]);
			const before = meta();
			const writesBefore = world.writes().length;

			credentials.whatsAppBusinessAccountApi.accessToken = world.theirToken;
			expect(await host.runHook('delete')).toBe(false);
			expect(world.writes()).toHaveLength(writesBefore);
			expect(meta()).toBe(before);
			const reason = `the access token now belongs to app ${OTHER_APP.id}, but activation registered app ${APP_ID}`;
			expect(logged).toHaveBeenCalledWith(
				expect.stringContaining(reason),
				expect.objectContaining({ node: 'WhatsApp Business Account Trigger' }),
			);
			expect(logged.mock.calls[0][0]).toContain(
				`deactivation left Meta's registration of ${host.url}`,
			);
			expect(host.staticData).toMatchObject({
				callbackUrl: host.url,
				appId: APP_ID,
				deactivationRefused: expect.stringContaining(reason),
			});

			// the right token back: deactivation removes exactly ours
			credentials.whatsAppBusinessAccountApi.accessToken = world.ourToken;
			expect(await host.runHook('delete')).toBe(true);
			expect(graph.subscribedApps(WABA)).toEqual([
				{ appId: OTHER_APP.id, overrideCallbackUri: THEIR_URL },
			]);
			expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({});
			expect(graph.webhookConfiguration(PHONE, OTHER_APP.id)).toEqual({
				phone_number: THEIR_URL,
				whatsapp_business_account: THEIR_URL,
			});
			expect(host.staticData).toEqual({});
		},
	);

	test.each([
		...modes,
		['App Subscription', { registration: 'appSubscription', fields: ['messages'] }],
	] as const)(
		"%s: the webhook credential changed to another app's while active; nothing is written",
		async (_name, params) => {
			const { graph } = world;
			graph.setAppSubscription(OTHER_APP.id, { callbackUrl: ELSEWHERE, fields: ['messages'] });
			const { host, credentials } = await world.start(params);
			await host.runHook('create');
			const writesBefore = world.writes().length;
			Object.assign(credentials.whatsAppBusinessAccountWebhookApi, {
				appId: OTHER_APP.id,
				appSecret: OTHER_APP.secret,
			});
			Object.assign(credentials.whatsAppBusinessAccountApi, {
				accessToken: world.theirToken,
				appSecret: OTHER_APP.secret,
			});
			expect(await host.runHook('delete')).toBe(false);
			expect(world.writes()).toHaveLength(writesBefore);
			expect(graph.appSubscription(OTHER_APP.id)?.callback_url).toBe(ELSEWHERE);
			expect(logged).toHaveBeenCalledWith(
				expect.stringContaining(
					`the webhook credential is now for app ${OTHER_APP.id}, but activation registered app ${APP_ID}`,
				),
				expect.anything(),
			);
		},
	);

	test("a registration saved before activation recorded its app is judged by the webhook credential's app", async () => {
		const { graph } = world;
		graph.setSubscribedApp(WABA, OTHER_APP.id, THEIR_URL);
		const { host, credentials } = await world.start({ registration: 'wabaOverride', wabaId: WABA });
		await host.runHook('create');
		delete host.staticData.appId;
		credentials.whatsAppBusinessAccountApi.accessToken = world.theirToken;
		expect(await host.runHook('delete')).toBe(false);
		expect(graph.subscribedApps(WABA)).toEqual([
			{ appId: OTHER_APP.id, overrideCallbackUri: THEIR_URL },
			{ appId: APP_ID, overrideCallbackUri: host.url },
		]);
	});
});
