import { APP_ID, VERIFY_TOKEN } from './support';
import {
	deliversInProduction,
	ELSEWHERE,
	OTHER_APP,
	useRegistrationWorld,
	WABA,
} from './registrationHost';
import { READINESS } from '../../nodes/WhatsAppBusinessAccountTrigger/registration/callbackVerification';

const PHONE = '106540352242922';
const OTHER_PHONE = '106540352242923';
const params = {
	registration: 'phoneNumberOverride',
	wabaId: { __rl: true, mode: 'list', value: WABA },
	phoneNumberId: { __rl: true, mode: 'list', value: PHONE, cachedResultName: '+1 555-0100' },
};

const world = useRegistrationWorld();
beforeEach(() => {
	world.graph.addPhoneNumber(WABA, { id: PHONE, displayPhoneNumber: '+1 555-0100' });
	world.graph.addPhoneNumber(WABA, { id: OTHER_PHONE, displayPhoneNumber: '+1 555-0101' });
});

describe('Override Callback for a Phone Number', () => {
	test("activation: token of this app, the app subscribed to the number's WABA, the override verified by Meta and read back", async () => {
		const { graph } = world;
		const { host } = await world.start(params);
		expect(await host.runHook('checkExists')).toBe(false);
		expect(await host.runHook('create')).toBe(true);
		expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({ phone_number: host.url });
		expect(graph.webhookConfiguration(OTHER_PHONE, APP_ID)).toEqual({});
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID }]);
		expect(graph.numberDestination(PHONE, APP_ID)).toBe(host.url);
		expect(graph.verifications).toEqual([
			expect.objectContaining({ url: host.url, verifyToken: VERIFY_TOKEN, ok: true }),
		]);
		expect(graph.requests.find((r) => r.path === '/debug_token')?.query.input_token).toBe(
			world.ourToken,
		);
		// Meta's documented body: JSON, webhook_configuration {override_callback_uri, verify_token}
		const write = world.writes().find((r) => r.path === `/${PHONE}`)!;
		expect(JSON.parse(write.body.webhook_configuration)).toEqual({
			override_callback_uri: host.url,
			verify_token: VERIFY_TOKEN,
		});
		expect(host.staticData).toMatchObject({
			mode: 'phoneNumberOverride',
			wabaId: WABA,
			phoneNumberId: PHONE,
			callbackUrl: host.url,
			wasSubscribed: false,
			appId: APP_ID,
		});
		expect(await host.runHook('checkExists')).toBe(true);
		expect(await deliversInProduction(host)).toBe(true);
		expect(graph.requests.every((r) => !r.tokenInUrl)).toBe(true);
	});

	test('deactivation removes the override (empty override_callback_uri) and the subscription activation made', async () => {
		const { graph } = world;
		const { host } = await world.start(params);
		await host.runHook('create');
		expect(await host.runHook('delete')).toBe(true);
		const removal = world
			.writes()
			.filter((r) => r.path === `/${PHONE}`)
			.at(-1)!;
		expect(JSON.parse(removal.body.webhook_configuration)).toEqual({ override_callback_uri: '' });
		expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({});
		expect(graph.subscribedApps(WABA)).toEqual([]);
		expect(host.staticData).toEqual({});
		// re-activation sets it again
		await host.runHook('create');
		expect(graph.numberDestination(PHONE, APP_ID)).toBe(host.url);
	});

	test("a WABA override and the other app's registration stay as they were; deactivation puts the number back to the WABA's override", async () => {
		const { graph } = world;
		graph.setSubscribedApp(WABA, APP_ID, ELSEWHERE);
		graph.setSubscribedApp(WABA, OTHER_APP.id, 'https://other.example.com/hook');
		graph.setPhoneNumberOverride(PHONE, OTHER_APP.id, 'https://other.example.com/number');
		const before = structuredClone(graph.subscribedApps(WABA));
		const { host } = await world.start(params);
		await host.runHook('create');
		expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({
			phone_number: host.url,
			whatsapp_business_account: ELSEWHERE,
		});
		expect(graph.numberDestination(OTHER_PHONE, APP_ID)).toBe(ELSEWHERE);
		expect(host.staticData.wasSubscribed).toBe(true);
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual(before);
		expect(graph.numberDestination(PHONE, APP_ID)).toBe(ELSEWHERE);
		expect(graph.webhookConfiguration(PHONE, OTHER_APP.id)).toEqual({
			phone_number: 'https://other.example.com/number',
			whatsapp_business_account: 'https://other.example.com/hook',
		});
	});

	test("deactivation keeps the app's subscription when a WABA override or another number's override was set since", async () => {
		const { graph } = world;
		const { host } = await world.start(params);
		await host.runHook('create');
		graph.setPhoneNumberOverride(OTHER_PHONE, APP_ID, 'https://second.example.com/number');
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID }]);
		expect(graph.numberDestination(OTHER_PHONE, APP_ID)).toBe('https://second.example.com/number');

		graph.setPhoneNumberOverride(OTHER_PHONE, APP_ID, undefined);
		graph.wabas.get(WABA)!.clear();
		await host.runHook('create');
		graph.setSubscribedApp(WABA, APP_ID, ELSEWHERE);
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID, overrideCallbackUri: ELSEWHERE }]);
		expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({
			whatsapp_business_account: ELSEWHERE,
		});
	});

	test("WABA override deactivation keeps a plain subscription while a number's override needs it", async () => {
		const { graph } = world;
		const { host } = await world.start({ registration: 'wabaOverride', wabaId: WABA });
		await host.runHook('create');
		graph.setPhoneNumberOverride(PHONE, APP_ID, 'https://number.example.com/hook');
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID }]);
		expect(graph.numberDestination(PHONE, APP_ID)).toBe('https://number.example.com/hook');
	});

	test('a token of another app is refused before anything is written', async () => {
		const { host, credentials } = await world.start(params);
		credentials.whatsAppBusinessAccountApi.accessToken = world.theirToken;
		await expect(host.runHook('create')).rejects.toThrow(
			`The access token belongs to app ${OTHER_APP.id}, but the webhook credential is for app ${APP_ID}`,
		);
		expect(world.writes()).toEqual([]);
	});

	test("refuses to take over the number's override that another workflow or tool set", async () => {
		world.graph.setSubscribedApp(WABA, APP_ID);
		world.graph.setPhoneNumberOverride(PHONE, APP_ID, ELSEWHERE);
		const { host } = await world.start(params);
		await expect(host.runHook('create')).rejects.toThrow(
			`App ${APP_ID} already overrides the callback of phone number ${PHONE} with ${ELSEWHERE}`,
		);
		expect(world.writes()).toEqual([]);
	});

	test('a number of another account is refused, naming both', async () => {
		world.graph.addPhoneNumber('102290129340399', {
			id: '107000000000001',
			displayPhoneNumber: '+1 555-0199',
		});
		const { host } = await world.start({
			...params,
			phoneNumberId: { __rl: true, mode: 'id', value: '107000000000001' },
		});
		await expect(host.runHook('create')).rejects.toThrow(
			`Phone number 107000000000001 is not one of the numbers of WABA ${WABA}`,
		);
		expect(world.writes()).toEqual([]);
	});

	test('a phone number ID that is not digits never becomes a path', async () => {
		const { host } = await world.start({
			...params,
			phoneNumberId: { __rl: true, mode: 'id', value: '1/../../me' },
		});
		await expect(host.runHook('create')).rejects.toThrow(
			'Phone Number ID must be digits, got "1/../../me"',
		);
		expect(world.graph.requests.filter((r) => r.path.includes('..'))).toEqual([]);
	});

	test('listening for a test event while active is refused and changes nothing; production still delivers', async () => {
		const { graph } = world;
		const { host } = await world.start(params);
		await host.runHook('create');
		const writesBefore = world.writes().length;
		await expect(host.runHook('create', { test: true })).rejects.toThrow(
			`Listening for a test event would redirect live deliveries: app ${APP_ID} sends phone number ${PHONE}'s webhooks to ${host.url}`,
		);
		expect(await host.runHook('delete', { test: true })).toBe(true);
		expect(world.writes()).toHaveLength(writesBefore);
		expect(graph.numberDestination(PHONE, APP_ID)).toBe(host.url);
		expect(await deliversInProduction(host)).toBe(true);
	});

	test("listening for a test event is refused while the number's deliveries go to the WABA's override or the app's callback", async () => {
		world.graph.setSubscribedApp(WABA, APP_ID, ELSEWHERE);
		const { host } = await world.start(params);
		await expect(host.runHook('create', { test: true })).rejects.toThrow(
			`app ${APP_ID} is subscribed to WABA ${WABA}, so phone number ${PHONE}'s webhooks are delivered to ${ELSEWHERE}`,
		);
		expect(world.writes()).toEqual([]);
	});

	test('listening for a test event with nothing registered sets the test URL and removes it, and the subscription, when listening ends', async () => {
		const { graph } = world;
		const { host } = await world.start(params);
		await host.runHook('create', { test: true });
		expect(graph.numberDestination(PHONE, APP_ID)).toBe(host.testUrl);
		expect(host.staticData).toEqual({});
		await host.runHook('delete', { test: true });
		expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({});
		expect(graph.subscribedApps(WABA)).toEqual([]);
	});

	test('a failed verification leaves Meta as it was: the subscription activation made is taken back', async () => {
		const { graph } = world;
		const attempts = READINESS.verificationAttempts;
		READINESS.verificationAttempts = 2;
		try {
			const { host } = await world.start(params);
			const verify = graph.verifyCallback.bind(graph);
			graph.verifyCallback = async (url, token) => await verify(`${url}-not-served`, token);
			await expect(host.runHook('create')).rejects.toThrow(/Callback verification failed/);
			expect(graph.subscribedApps(WABA)).toEqual([]);
			expect(graph.webhookConfiguration(PHONE, APP_ID)).toEqual({});
			expect(host.staticData).toEqual({});
		} finally {
			READINESS.verificationAttempts = attempts;
		}
	});
});
