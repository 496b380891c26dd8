import { businessProfile, graph, graphError, PROOF, versionPath } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const PHONE_NUMBER_ID = '106540352242922';
const run = (operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) =>
	runNode({
		parameters: {
			resource: 'phoneNumber',
			operation,
			phoneNumberId: PHONE_NUMBER_ID,
			...parameters,
		},
		continueOnFail,
	});

describe('Phone Number lifecycle', () => {
	it('Register sends messaging_product and the PIN as JSON', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/register`), {
				messaging_product: 'whatsapp',
				pin: '212834',
				data_localization_region: 'DE',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('register', {
			pin: '212834',
			options: { dataLocalizationRegion: 'de' },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Register refuses a PIN that is not six digits, without echoing it', async () => {
		const { error } = await run('register', { pin: '12a45' });
		expect(error?.message).toBe('The PIN must be exactly six digits');
	});

	it("Register passes on Meta's PIN mismatch", async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/register`))
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(100, '(#100) Invalid parameter', {
					error_subcode: 2388001,
					error_user_title: 'Two-step verification PIN Mismatch',
				}),
			);
		const { items } = await run('register', { pin: '000000' }, true);
		expect(items[0].json).toMatchObject({ code: 100, subcode: 2388001 });
		expect(String(items[0].json.error)).toContain('Two-step verification PIN Mismatch');
	});

	it("Deregister posts to the number's deregister edge", async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/deregister`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await run('deregister');
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Request Verification Code asks for SMS or voice in a language', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/request_code`))
			.query({ code_method: 'VOICE', language: 'pt_BR', appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('requestCode', { codeMethod: 'VOICE', language: 'pt_BR' });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Verify Code sends the digits of the code as Meta shows it', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/verify_code`))
			.query({ code: '123456', appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await run('verifyCode', { code: '123-456' });
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Set Two-Step Verification PIN posts the PIN to the number', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}`), { pin: '654321' })
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await run('setTwoStepPin', { pin: '654321' });
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});
});

describe('Phone Number business profile', () => {
	const profile = businessProfile;

	it('Get Business Profile reads every field by default and outputs the profile', async () => {
		graph()
			.get(versionPath(`/${PHONE_NUMBER_ID}/whatsapp_business_profile`))
			.query({
				fields: 'about,address,description,email,profile_picture_url,websites,vertical',
				appsecret_proof: PROOF,
			})
			.reply(200, { data: [profile] });
		const { items, error } = await run('getBusinessProfile');
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([profile]);
	});

	it('Update Business Profile sends the chosen fields as JSON, websites as an array', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/whatsapp_business_profile`), {
				messaging_product: 'whatsapp',
				about: 'Fresh produce',
				vertical: 'GROCERY',
				websites: ['https://www.example.com', 'https://shop.example.com'],
				profile_picture_handle: '4::aW1hZ2UvanBlZw==:ARbXYZ',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('updateBusinessProfile', {
			profileUpdateFields: {
				about: 'Fresh produce',
				vertical: 'GROCERY',
				websites: 'https://www.example.com, https://shop.example.com',
				profile_picture_handle: '4::aW1hZ2UvanBlZw==:ARbXYZ',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Update Business Profile refuses more than two websites and an empty update', async () => {
		expect(
			(
				await run('updateBusinessProfile', {
					profileUpdateFields: { websites: 'a.com, b.com, c.com' },
				})
			).error?.message,
		).toBe('A business profile has at most two websites');
		expect((await run('updateBusinessProfile')).error?.message).toBe(
			'Choose at least one profile field to update',
		);
	});
});
