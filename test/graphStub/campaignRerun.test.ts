// Send Template's Campaign ID (Skip Rows Already Sent) in n8n-core's execution, its record in
// n8n's deduplication store (in memory here, as n8n keeps it), against the Graph stand-in over
// real HTTP: a re-run sends no row twice, reports a row in doubt, and sends again a row Meta
// refused.
import type { INodeParameters } from 'n8n-workflow';

import {
	configurePacerDefaults,
	resetPacerDefaults,
} from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import { CampaignLedger } from '../../nodes/WhatsAppBusinessAccount/actions/message/campaignLedger';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { attachTemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import type { TemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import { attachMarketingMessages } from '../../scripts/lib/metaGraphMarketing';
import { runNode } from '../action/support/runner';
import { sendTemplateParameters } from '../action/support/sendTemplate';
import { useMemoryDeduplication } from '../support/deduplication';
import type { MemoryDeduplicator } from '../support/deduplication';

const APP_ID = '1234567890123456';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';

let graph: MetaGraphStub;
let templates: TemplateMessaging;
let token: string;
let store: MemoryDeduplicator;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	configurePacerDefaults({ throughputBackoffMs: 50, pairBackoffMs: 200 });
	store = await useMemoryDeduplication();
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: 'b'.repeat(32) });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
	templates = attachTemplateMessaging(graph);
	templates.addTemplate(WABA_ID, {
		name: 'spring_sale',
		components: [{ type: 'BODY', text: 'Hi {{1}}, 20% off this week.' }],
	});
});
afterEach(async () => {
	resetPacerDefaults();
	await graph.close();
});

const ROWS = Array.from({ length: 6 }, (_, i) => ({
	id: `c-${i}`,
	phone: `1650555000${i}`,
	name: `Customer ${i}`,
}));

function campaign(options: INodeParameters, rows: object[] = ROWS) {
	return runNode({
		parameters: sendTemplateParameters(
			{ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
			'spring_sale',
			{ 'body.1': '={{ $json.name }}' },
			{ templateOptions: { campaignRowKey: '={{ $json.id }}', ...options } },
		),
		items: rows as never,
		credential: {
			accessToken: token,
			appSecret: undefined,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
		continueOnFail: true,
	});
}

/** The record as runNode's node (workflow test-workflow, node waba) keeps it in the store. */
const ledgerOfTheNode = (campaignId: string) =>
	new CampaignLedger(
		{
			async record(entries) {
				const answer = await store.checkProcessedAndRecord(entries, 'node', {
					workflow: { id: 'test-workflow', active: false },
					node: { id: 'waba' } as never,
				});
				return new Set(answer.processed.map(String));
			},
			async remove(entries) {
				await store.removeProcessed(entries, 'node', {
					workflow: { id: 'test-workflow', active: false },
					node: { id: 'waba' } as never,
				});
			},
		},
		campaignId,
	);

const acceptedPhones = () => templates.accepted.map((s) => s.recipient).sort();

describe('Send Template: Campaign ID', () => {
	it('records each row, and a second run sends none again', async () => {
		const first = await campaign({ campaignId: 'spring' });
		expect(first.error).toBeUndefined();
		expect(first.items.map((i) => i.json.status)).toEqual(new Array(6).fill('accepted'));
		expect(first.items[2].json).toMatchObject({ campaignId: 'spring', rowKey: 'c-2' });
		// each message carries the campaign and row, for its status webhooks
		const sent = graph.requests.filter((r) => r.path.endsWith('/messages'));
		expect((sent[0].json as { biz_opaque_callback_data: string }).biz_opaque_callback_data).toBe(
			JSON.stringify({ campaign: 'spring', row: 'c-0' }),
		);

		const second = await campaign({ campaignId: 'spring' });
		expect(second.items.map((i) => [i.json.status, i.json.reason])).toEqual(
			new Array(6).fill(['skipped', 'alreadySent']),
		);
		expect(second.items.map((i) => i.pairedItem)).toEqual(ROWS.map((_, item) => ({ item })));
		expect(acceptedPhones()).toEqual(ROWS.map((r) => r.phone));
		// a new campaign of the same rows is another campaign
		await campaign({ campaignId: 'summer' });
		expect(templates.accepted).toHaveLength(12);
	});

	it('reports a row whose send had started when the last run died, and sends it only when told to', async () => {
		// the last run: rows 0-2 accepted, row 3 in flight when the worker died
		const died = ledgerOfTheNode('spring');
		await died.recall(ROWS.map((r) => r.id));
		for (const row of ['c-0', 'c-1', 'c-2']) {
			await died.begin(row);
			await died.sent(row);
		}
		await died.begin('c-3');
		await died.flush();

		const rerun = await campaign({ campaignId: 'spring' });
		expect(rerun.items.map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
			'skipped',
			'inDoubt',
			'accepted',
			'accepted',
		]);
		expect(rerun.items[3].json).toMatchObject({
			campaignId: 'spring',
			rowKey: 'c-3',
			trackingData: JSON.stringify({ campaign: 'spring', row: 'c-3' }),
		});
		expect(acceptedPhones()).toEqual([ROWS[4].phone, ROWS[5].phone]);

		const told = await campaign({ campaignId: 'spring', campaignInDoubt: 'sendAgain' });
		expect(told.items.map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
			'skipped',
			'accepted',
			'skipped',
			'skipped',
		]);
		expect(acceptedPhones()).toEqual([ROWS[3].phone, ROWS[4].phone, ROWS[5].phone]);
	});

	it('sends again on a re-run a row Meta refused (an answer came, nothing went)', async () => {
		const marketing = attachMarketingMessages(graph, templates);
		marketing.unsynced.add('spring_sale');
		const options = {
			campaignId: 'spring',
			sendThrough: 'marketingMessages',
			marketingFallback: 'fail',
		};
		const rows = ROWS.slice(0, 3);
		const first = await campaign(options, rows);
		expect(first.items.map((i) => [i.json.status, i.json.code])).toEqual(
			new Array(3).fill(['failed', 134101]),
		);
		// Meta synced the template meanwhile
		marketing.unsynced.delete('spring_sale');
		const second = await campaign(options, rows);
		expect(second.items.map((i) => i.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		const third = await campaign(options, rows);
		expect(third.items.map((i) => i.json.status)).toEqual(['skipped', 'skipped', 'skipped']);
		expect(acceptedPhones()).toEqual(rows.map((r) => r.phone));
	});

	it('refuses two rows with one Row Key before sending anything', async () => {
		const { error } = await campaign({ campaignId: 'spring' }, [ROWS[0], ROWS[1], ROWS[0]]);
		expect(error?.message).toBe('Row Key "c-0" is on items 0 and 2');
		expect(templates.accepted).toHaveLength(0);
	});

	it("uses the recipient as the Row Key when none is given, and keeps the user's Tracking Data", async () => {
		const rows = ROWS.slice(0, 2);
		const options = { campaignId: 'spring', campaignRowKey: '', bizOpaqueCallbackData: 'mine' };
		const first = await campaign(options, rows);
		expect(first.items.map((i) => i.json.rowKey)).toEqual(rows.map((r) => r.phone));
		const sent = graph.requests.filter((r) => r.path.endsWith('/messages'));
		expect(
			sent.map((r) => (r.json as { biz_opaque_callback_data: string }).biz_opaque_callback_data),
		).toEqual(['mine', 'mine']);
		const second = await campaign(options, rows);
		expect(second.items.map((i) => i.json.status)).toEqual(['skipped', 'skipped']);
	});

	it("stops sending when n8n's database stops taking the record, and a re-run finishes the campaign", async () => {
		// the recall's four writes go through, then the database is gone: no row may be sent
		store.failAfter = 4;
		const broken = await campaign({ campaignId: 'spring' });
		expect(broken.items.map((i) => i.json.status)).toEqual(new Array(6).fill('failed'));
		expect(broken.items[0].json).toMatchObject({
			error: "n8n's database did not take the campaign's record: connection to the database lost",
			campaignId: 'spring',
			rowKey: 'c-0',
		});
		expect(templates.accepted).toHaveLength(0);

		// back: every row sent once
		store.failAfter = Infinity;
		const rerun = await campaign({ campaignId: 'spring' });
		expect(rerun.items.map((i) => i.json.status)).toEqual(new Array(6).fill('accepted'));
		expect(acceptedPhones()).toEqual(ROWS.map((r) => r.phone));
	});

	it("keeps the outcomes of rows Meta accepted when only their 'sent' writes fail: they are in doubt on a re-run", async () => {
		// recall (4), then one row at a time: in flight (1), sent (1) and in flight removed (1)
		store.failAfter = 4 + 3 * 2 + 1;
		const first = await campaign({ campaignId: 'spring', concurrency: 1 });
		const statuses = first.items.map((i) => i.json.status);
		expect(statuses.slice(0, 3)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(statuses.slice(3)).toEqual(['failed', 'failed', 'failed']);
		store.failAfter = Infinity;
		const rerun = await campaign({ campaignId: 'spring' });
		expect(rerun.items.map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
			'inDoubt',
			'accepted',
			'accepted',
			'accepted',
		]);
		expect(acceptedPhones()).toEqual(ROWS.map((r) => r.phone));
	});

	it('records nothing without a Campaign ID', async () => {
		await campaign({});
		await campaign({});
		expect(templates.accepted).toHaveLength(12);
		expect(store.writes).toBe(0);
	});
});
