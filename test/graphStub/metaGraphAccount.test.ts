import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { call } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const DAY = 86400;
const JUNE_1 = Date.UTC(2026, 5, 1) / 1000;

describe('MetaGraphStub account', () => {
	let stub: MetaGraphStub;
	let token: string;
	beforeEach(async () => {
		stub = await MetaGraphStub.start({ maxPageSize: 2 });
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.account.addAccount(WABA, {
			name: "Jasper's Market",
			timezone_id: '1',
			message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
			currency: 'USD',
		});
		for (let i = 0; i < 5; i++)
			stub.addPhoneNumber(WABA, {
				id: String(BigInt(NUMBER) + BigInt(i)),
				displayPhoneNumber: `+1 555-019-100${i}`,
				fields: { quality_rating: 'GREEN' },
			});
	});
	afterEach(async () => await stub.close());

	/** Reads a list edge to its end by its `paging.next` URLs; returns the pages. */
	async function allPages(path: string) {
		const pages: Array<Record<string, any>> = [];
		let next: string | undefined = path;
		while (next) {
			const answer = await call(stub, 'GET', next, { token });
			expect(answer.status).toBe(200);
			pages.push(answer.body);
			next = answer.body.paging?.next;
		}
		return pages;
	}

	test('GET /{waba-id}: the default fields, the fields asked for, and error 100 for an unknown field', async () => {
		expect((await call(stub, 'GET', `/${WABA}`, { token })).body).toEqual({
			id: WABA,
			name: "Jasper's Market",
			timezone_id: '1',
			message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
		});
		expect((await call(stub, 'GET', `/${WABA}?fields=currency,status`, { token })).body).toEqual({
			currency: 'USD',
			id: WABA,
		});
		const unknown = await call(stub, 'GET', `/${WABA}?fields=colour`, { token });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error).toMatchObject({
			code: 100,
			message:
				'(#100) Tried accessing nonexisting field (colour) on node type (WhatsAppBusinessAccount)',
		});
	});

	test('template analytics answer 200005 until POST /{waba-id} enables insights, then the stored points', async () => {
		stub.account.addDataPoints(WABA, 'template_analytics', [
			{ template_id: '111', start: JUNE_1, end: JUNE_1 + DAY, sent: 10, delivered: 9, read: 7 },
			{ template_id: '222', start: JUNE_1, end: JUNE_1 + DAY, sent: 1, delivered: 1, read: 0 },
			{ template_id: '111', start: JUNE_1 + 9 * DAY, end: JUNE_1 + 10 * DAY, sent: 5 },
		]);
		const query = `start=${JUNE_1}&end=${JUNE_1 + 2 * DAY}&granularity=DAILY&template_ids=["111"]&metric_types=["SENT","READ"]`;
		const before = await call(stub, 'GET', `/${WABA}/template_analytics?${query}`, { token });
		expect(before.body.error).toMatchObject({ code: 200005, type: 'OAuthException' });

		const refused = await call(stub, 'POST', `/${WABA}`, {
			token,
			form: { is_enabled_for_insights: 'maybe' },
		});
		expect(refused.body.error.message).toMatch(/is_enabled_for_insights must be a boolean/);
		const enabled = await call(stub, 'POST', `/${WABA}`, {
			token,
			form: { is_enabled_for_insights: 'true' },
		});
		expect(enabled.body).toEqual({ success: true });
		expect(stub.account.accounts.get(WABA)?.is_enabled_for_insights).toBe(true);

		const after = await call(stub, 'GET', `/${WABA}/template_analytics?${query}`, { token });
		expect(after.body.data).toEqual([
			{
				granularity: 'DAILY',
				product_type: 'cloud_api',
				data_points: [{ template_id: '111', start: JUNE_1, end: JUNE_1 + DAY, sent: 10, read: 7 }],
			},
		]);
	});

	test('pricing_analytics in the field syntax: the range, and points summed over the dimensions not asked for', async () => {
		const point = (day: number, country: string, category: string, volume: number) => ({
			start: JUNE_1 + day * DAY,
			end: JUNE_1 + (day + 1) * DAY,
			country,
			pricing_category: category,
			volume,
			cost: volume / 10,
		});
		stub.account.addDataPoints(WABA, 'pricing_analytics', [
			point(0, 'US', 'MARKETING', 10),
			point(0, 'US', 'UTILITY', 5),
			point(0, 'BR', 'MARKETING', 2),
			point(3, 'US', 'MARKETING', 99),
		]);
		const range = `.start(${JUNE_1}).end(${JUNE_1 + 2 * DAY}).granularity(DAILY)`;
		const byCountry = await call(
			stub,
			'GET',
			`/${WABA}?fields=pricing_analytics${range}.dimensions(["COUNTRY"]),name`,
			{ token },
		);
		expect(byCountry.body.name).toBe("Jasper's Market");
		expect(byCountry.body.pricing_analytics.data[0].data_points).toEqual([
			{ start: JUNE_1, end: JUNE_1 + DAY, country: 'US', volume: 15, cost: 1.5 },
			{ start: JUNE_1, end: JUNE_1 + DAY, country: 'BR', volume: 2, cost: 0.2 },
		]);
		const usOnly = await call(
			stub,
			'GET',
			`/${WABA}?fields=pricing_analytics${range}.country_codes(["US"]).dimensions(["PRICING_CATEGORY"])`,
			{ token },
		);
		expect(
			usOnly.body.pricing_analytics.data[0].data_points.map(
				(p: Record<string, unknown>) => `${String(p.pricing_category)} ${String(p.volume)}`,
			),
		).toEqual(['MARKETING 10', 'UTILITY 5']);
		const noGranularity = await call(
			stub,
			'GET',
			`/${WABA}?fields=pricing_analytics.start(${JUNE_1}).end(${JUNE_1 + DAY})`,
			{ token },
		);
		expect(noGranularity.body.error.message).toBe('(#100) The parameter granularity is required');
	});

	test('assigned users: `business` required, pages followed by `next`, tasks checked, unknown users refused', async () => {
		for (const [id, name] of [
			['101', 'Lucas Martin'],
			['102', 'Ana Souza'],
			['103', 'Kenji Sato'],
			['104', 'Priya Nair'],
		])
			stub.account.addBusinessUser(id, name);
		for (const id of ['101', '102', '103']) stub.account.assignUser(WABA, id, ['MANAGE']);

		const noBusiness = await call(stub, 'GET', `/${WABA}/assigned_users`, { token });
		expect(noBusiness.body.error.message).toBe('(#100) The parameter business is required');
		const pages = await allPages(`/${WABA}/assigned_users?business=506914307656634`);
		expect(pages.map((p) => p.data.map((u: { id: string }) => u.id))).toEqual([
			['101', '102'],
			['103'],
		]);
		expect(pages[1].paging.next).toBeUndefined();

		const badTask = await call(stub, 'POST', `/${WABA}/assigned_users`, {
			token,
			form: { user: '104', tasks: '["MANAGE","FLY"]' },
		});
		expect(badTask.body.error.message).toMatch(/^\(#100\) Param tasks\[1\] must be one of/);
		const stranger = await call(stub, 'POST', `/${WABA}/assigned_users`, {
			token,
			form: { user: '999', tasks: '["MANAGE"]' },
		});
		expect(stranger.body.error).toMatchObject({ code: 100, error_subcode: 33 });
		const added = await call(stub, 'POST', `/${WABA}/assigned_users`, {
			token,
			form: { user: '104', tasks: '["MANAGE_TEMPLATES","VIEW_COST"]' },
		});
		expect(added.body).toEqual({ success: true });
		expect(stub.account.assignedUsers.get(WABA)?.get('104')).toEqual({
			id: '104',
			name: 'Priya Nair',
			tasks: ['MANAGE_TEMPLATES', 'VIEW_COST'],
		});
		await call(stub, 'DELETE', `/${WABA}/assigned_users?user=104`, { token });
		expect(stub.account.assignedUsers.get(WABA)?.has('104')).toBe(false);
	});

	test('phone numbers are paged, `limit` up to the page maximum, with the fields asked for', async () => {
		const pages = await allPages(`/${WABA}/phone_numbers?fields=id,quality_rating&limit=10`);
		expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
		expect(pages[0].data[0]).toEqual({ id: NUMBER, quality_rating: 'GREEN' });
		expect(pages[0].paging.next).toContain('limit=10');
		const one = await call(stub, 'GET', `/${WABA}/phone_numbers?limit=1`, { token });
		expect(one.body.data).toHaveLength(1);
	});

	test('registration: the first PIN becomes the two-step PIN, another is 133005; the code sent verifies', async () => {
		const number = stub.phoneNumbers.get(NUMBER)!;
		const register = (pin: string) =>
			call(stub, 'POST', `/${NUMBER}/register`, {
				token,
				json: { messaging_product: 'whatsapp', pin },
			});
		expect((await register('12345')).body.error.message).toMatch(/6-digit/);
		expect((await register('212834')).body).toEqual({ success: true });
		expect(number).toMatchObject({ registered: true, twoStepPin: '212834' });
		await call(stub, 'POST', `/${NUMBER}/deregister`, { token });
		expect(number.registered).toBe(false);
		expect((await register('000000')).body.error).toMatchObject({ code: 133005 });
		const setPin = await call(stub, 'POST', `/${NUMBER}`, { token, json: { pin: '000000' } });
		expect(setPin.body).toEqual({ success: true });
		expect((await register('000000')).body).toEqual({ success: true });

		const badMethod = await call(
			stub,
			'POST',
			`/${NUMBER}/request_code?code_method=FAX&language=en_US`,
			{
				token,
			},
		);
		expect(badMethod.body.error.code).toBe(100);
		await call(stub, 'POST', `/${NUMBER}/request_code?code_method=SMS&language=en_US`, { token });
		const sent = stub.account.codesSent[0];
		expect(sent).toMatchObject({ phoneNumberId: NUMBER, codeMethod: 'SMS', language: 'en_US' });
		const wrong = sent.code === '111111' ? '222222' : '111111';
		const refused = await call(stub, 'POST', `/${NUMBER}/verify_code?code=${wrong}`, { token });
		expect(refused.body.error).toMatchObject({ code: 136025 });
		const verified = await call(stub, 'POST', `/${NUMBER}/verify_code?code=${sent.code}`, {
			token,
		});
		expect(verified.body).toEqual({ success: true });
		expect(number.fields.code_verification_status).toBe('VERIFIED');
	});

	test('business profile: read as a one-item list, updated field by field, websites at most two', async () => {
		stub.phoneNumbers.get(NUMBER)!.profile = { about: 'Succulents', vertical: 'RETAIL' };
		const update = (json: Record<string, unknown>) =>
			call(stub, 'POST', `/${NUMBER}/whatsapp_business_profile`, { token, json });
		expect((await update({ about: 'x' })).body.error.message).toBe(
			'(#100) The parameter messaging_product is required',
		);
		expect(
			(await update({ messaging_product: 'whatsapp', websites: ['a', 'b', 'c'] })).body.error.code,
		).toBe(100);
		expect(
			(await update({ messaging_product: 'whatsapp', profile_picture_handle: '2:bm9wZQ==' })).body
				.error.message,
		).toMatch(/profile_picture_handle/);
		expect(
			(
				await update({
					messaging_product: 'whatsapp',
					about: 'Fresh produce',
					websites: ['https://a.example'],
				})
			).body,
		).toEqual({ success: true });
		const read = await call(
			stub,
			'GET',
			`/${NUMBER}/whatsapp_business_profile?fields=about,websites,vertical`,
			{
				token,
			},
		);
		expect(read.body).toEqual({
			data: [
				{
					about: 'Fresh produce',
					websites: ['https://a.example'],
					vertical: 'RETAIL',
					messaging_product: 'whatsapp',
				},
			],
		});
	});

	test('activities are paged with the fields asked for', async () => {
		stub.account.addActivities(
			WABA,
			[1, 2, 3].map((i) => ({
				id: String(i),
				event_type: 'PHONE_NUMBER_ADDED',
				timestamp: 1697377800 + i,
			})),
		);
		const pages = await allPages(`/${WABA}/activities?fields=timestamp`);
		expect(pages.flatMap((p) => p.data)).toEqual([
			{ timestamp: 1697377801, id: '1' },
			{ timestamp: 1697377802, id: '2' },
			{ timestamp: 1697377803, id: '3' },
		]);
	});

	test('these calls need a system user token', async () => {
		const answer = await call(stub, 'GET', `/${WABA}`, { token: stub.appAccessToken(APP.id) });
		expect(answer.body.error).toMatchObject({ code: 200 });
	});
});
