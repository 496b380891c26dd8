import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { byId, graph, PROOF, versionPath, WABA_ID, wabaDefaultAnswer } from './support/graph';
import nock from '../support/nock';
import { GRAPH_BASE_URL, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

/** Every field reference/graph-api.md lists for the WABA node. */
const DOCUMENTED_FIELDS = [
	'account_review_status',
	'analytics',
	'auth_international_rate_eligibility',
	'business_verification_status',
	'country',
	'creation_time',
	'currency',
	'disable_marketing_messages_on_cloud_api',
	'health_status',
	'id',
	'is_enabled_for_insights',
	'is_shared_with_partners',
	'linked_commerce_account',
	'marketing_messages_lite_api_status',
	'marketing_messages_onboarding_status',
	'message_template_namespace',
	'name',
	'on_behalf_of_business_info',
	'owner_business',
	'owner_business_info',
	'ownership_type',
	'primary_business_location',
	'primary_funding_id',
	'purchase_order_number',
	'status',
	'template_auto_archival_enabled',
	'timezone_id',
	'whatsapp_business_manager_messaging_limit',
];

describe('Account > Get', () => {
	it('offers every documented field and defaults to the four Graph returns', () => {
		const property = new WhatsAppBusinessAccount().description.properties.find(
			(p) => p.name === 'fields' && p.displayOptions?.show?.resource?.includes('account'),
		);
		expect(property?.options?.map((o) => (o as { value: string }).value).sort()).toEqual(
			[...DOCUMENTED_FIELDS].sort(),
		);
		expect(property?.default).toEqual(['id', 'name', 'timezone_id', 'message_template_namespace']);
	});

	it('reads the default fields with Bearer token and appsecret_proof', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query({ fields: 'id,name,timezone_id,message_template_namespace', appsecret_proof: PROOF })
			.reply(200, wabaDefaultAnswer);
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: wabaDefaultAnswer, pairedItem: { item: 0 } }]);
		expect(typeof items[0].json.id).toBe('string');
	});

	it('asks for the chosen fields and returns them as Graph sent them', async () => {
		const answer = {
			business_verification_status: 'verified',
			whatsapp_business_manager_messaging_limit: 'TIER_2K',
			owner_business_info: { name: "Jasper's Market", id: '1234567890123456' },
			id: WABA_ID,
		};
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query({
				fields:
					'business_verification_status,whatsapp_business_manager_messaging_limit,owner_business_info',
				appsecret_proof: PROOF,
			})
			.reply(200, answer);
		const { items } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'get',
				wabaId: byId(WABA_ID),
				fields: [
					'business_verification_status',
					'whatsapp_business_manager_messaging_limit',
					'owner_business_info',
				],
			},
		});
		expect(items.map((i) => i.json)).toEqual([answer]);
	});

	it('sends no fields parameter when none are chosen', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, wabaDefaultAnswer);
		const { items } = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID), fields: [] },
		});
		expect(items[0].json).toEqual(wabaDefaultAnswer);
	});

	it("sends no appsecret_proof without an app secret, and uses the credential's version", async () => {
		nock(GRAPH_BASE_URL)
			.get(`/v21.0/${WABA_ID}`)
			.query({ fields: 'id,name' })
			.matchHeader('authorization', 'Bearer EAAother')
			.reply(200, { id: WABA_ID, name: 'x' });
		const { items, error } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'get',
				wabaId: byId(WABA_ID),
				fields: ['id', 'name'],
			},
			credential: { accessToken: 'EAAother', appSecret: '', apiVersion: 'v21.0' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: WABA_ID, name: 'x' });
	});

	it('takes the account from a list-mode locator too', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query({ fields: 'id', appsecret_proof: PROOF })
			.reply(200, { id: WABA_ID });
		const { items } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'get',
				wabaId: { __rl: true, mode: 'list', value: WABA_ID, cachedResultName: 'Test' },
				fields: ['id'],
			},
		});
		expect(items[0].json).toEqual({ id: WABA_ID });
	});

	it('refuses an account id that is not digits, before calling Graph', async () => {
		// n8n validates a typed-in id itself...
		const typed = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId('waba-123') },
		});
		expect(typed.error?.message).toMatch(/digits only/);
		// ...and the node checks what an expression resolves to.
		const resolved = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId('={{ "waba-" + 123 }}') },
		});
		expect(resolved.error?.message).toBe(
			'The WhatsApp Business Account ID must be digits only, got "waba-123"',
		);
	});
});

describe('Account > Update', () => {
	it('posts the chosen flags form-encoded', async () => {
		nock(GRAPH_BASE_URL, {
			reqheaders: {
				authorization: 'Bearer EAAtestSystemUserToken000',
				'content-type': 'application/x-www-form-urlencoded',
			},
		})
			.post(
				versionPath(`/${WABA_ID}`),
				'is_enabled_for_insights=true&template_auto_archival_enabled=false',
			)
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'update',
				wabaId: byId(WABA_ID),
				updateFields: { template_auto_archival_enabled: false, is_enabled_for_insights: true },
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('offers exactly the three writable flags', () => {
		const property = new WhatsAppBusinessAccount().description.properties.find(
			(p) => p.name === 'updateFields',
		);
		expect(property?.options?.map((o) => (o as { name: string }).name).sort()).toEqual([
			'disable_marketing_messages_on_cloud_api',
			'is_enabled_for_insights',
			'template_auto_archival_enabled',
		]);
	});

	it('refuses an update with no field', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'update',
				wabaId: byId(WABA_ID),
				updateFields: {},
			},
		});
		expect(error?.message).toBe('Choose at least one field to update');
	});
});
