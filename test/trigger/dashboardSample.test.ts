/**
 * Meta's App Dashboard "Test" samples come out marked `test: true` with the reason, their
 * departures from the schemas as `validation.info`; everything else is judged as strictly as
 * before: the same values under a real WABA id, entry id "0" with other values, and real
 * changes batched with a sample.
 */
import * as fs from 'fs';
import * as path from 'path';

import { webhookBody } from '../../scripts/lib/deliveries';
import { FIXTURES_DIR, payloadFiles } from '../../scripts/lib/fixtures';
import { dashboardSampleReason } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/dashboardSample';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type DeliveryOptions,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { lastItems, post, startTrigger } from './support';

const SECRET = 'dashboard-sample-secret';

function outputs(
	body: unknown,
	outputMode: OutputMode = 'change',
	extra: Partial<DeliveryOptions> = {},
) {
	const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
		...extra,
	});
	expect(result.status).toBe(200);
	return (result.outputs ?? [[], []]) as unknown as [
		Array<Record<string, any>>,
		Array<Record<string, any>>,
	];
}
const items = (body: unknown, mode: OutputMode = 'change') =>
	outputs(body, mode)[0].concat(outputs(body, mode)[1]);

const SAMPLES = payloadFiles(path.join(FIXTURES_DIR, 'dashboard-samples')).map((file) =>
	path.relative(FIXTURES_DIR, file),
);
const read = (relative: string) =>
	JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, relative), 'utf8'));

test('a sample is kept for every field whose dashboard sample was found', () => {
	expect(SAMPLES.map((s) => s.split(path.sep)[1]).sort()).toEqual(
		[
			'account_alerts',
			'account_update',
			'calls',
			'message_echoes',
			'message_template_components_update',
			'message_template_quality_update',
			'message_template_status_update',
			'message_template_status_update',
			'messages',
			'messages',
			'phone_number_name_update',
			'phone_number_quality_update',
			'security',
			'template_category_update',
		].sort(),
	);
});

describe.each(SAMPLES)('%s', (relative) => {
	test.each(['change', 'message', 'delivery'] as OutputMode[])(
		'%s mode: test: true with the reason, valid, departures as info, on the main output',
		(mode) => {
			const [main, invalid] = outputs(read(relative), mode, { invalidHandling: 'route' });
			expect(invalid).toEqual([]);
			expect(main.length).toBeGreaterThan(0);
			for (const item of main) {
				expect(item.test).toBe(true);
				expect(item.testReason).toMatch(/^Meta App Dashboard sample: entry id "0", /);
				expect(item.validation.valid).toBe(true);
				expect(item.validation.errors).toEqual([]);
				expect(Array.isArray(item.validation.info)).toBe(true);
			}
		},
	);

	test('the same values under a real WABA id are a real delivery: no test mark, judged as strictly as any', () => {
		const body = read(relative);
		body.entry[0].id = '102290129340398';
		const asSample = items(read(relative));
		const asReal = items(body);
		expect(asReal[0].test).toBeUndefined();
		expect(asReal[0].testReason).toBeUndefined();
		expect(asReal[0].validation.info).toBeUndefined();
		// what was information on the sample is an error on the real delivery, path for path
		const shift = (list: Array<{ path: string; kind: string }>) =>
			list.map(({ path: p, kind }) => `${kind} ${p}`).sort();
		expect(shift(asReal[0].validation.errors)).toEqual(shift(asSample[0].validation.info));
		expect(asReal[0].validation.valid).toBe(asSample[0].validation.info.length === 0);
	});
});

describe('what is not a sample', () => {
	test('entry id "0" with other values (Meta’s calling guide examples) is judged as a real delivery', () => {
		const body = read('webhooks/account_update/calling-paused-business-initiated.json');
		expect(body.entry[0].id).toBe('0');
		const [item] = items(body);
		expect(item.test).toBeUndefined();
	});

	test('the sample values need entry id "0" exactly: not 0 as a number, not "00"', () => {
		const value = read('dashboard-samples/account_update/sample.json').entry[0].changes[0].value;
		expect(dashboardSampleReason('0', value)).toMatch(/phone_number "16505551111"/);
		for (const id of [0, '00', ' 0', '102290129340398', undefined, null])
			expect(dashboardSampleReason(id, value)).toBeNull();
	});

	test('half a fingerprint is not a sample: the sample phone_number_id without the sample display number, the template name without its id', () => {
		expect(
			dashboardSampleReason('0', {
				metadata: { phone_number_id: '123456123', display_phone_number: '15550783881' },
			}),
		).toBeNull();
		expect(
			dashboardSampleReason('0', {
				message_template_id: 604812345678901,
				message_template_name: 'my_message_template',
			}),
		).toBeNull();
		expect(
			dashboardSampleReason('0', { entity_id: 123456, alert_description: 'A real alert' }),
		).toBeNull();
		expect(dashboardSampleReason('0', 'not an object')).toBeNull();
	});

	test('a real flagged change batched with a sample stays flagged; the sample beside it does not excuse it', () => {
		const sample = read('dashboard-samples/account_alerts/sample.json').entry[0];
		const realAlert = { id: '102290129340398', changes: sample.changes };
		const body = webhookBody([sample, realAlert]);
		const [main, invalid] = outputs(body, 'change', { invalidHandling: 'route' });
		expect(main).toEqual([expect.objectContaining({ wabaId: '0', test: true })]);
		expect(invalid).toEqual([expect.objectContaining({ wabaId: '102290129340398' })]);
		expect(invalid[0].test).toBeUndefined();
		expect(invalid[0].validation.errors.map((e: { path: string }) => e.path)).toEqual(
			expect.arrayContaining([
				'/entry/1/changes/0/value/entity_type',
				'/entry/1/changes/0/value/entity_id',
			]),
		);
		// delivery mode: not all changes are samples, so the delivery is no sample; both kinds of findings are reported
		const [whole] = items(body, 'delivery');
		expect(whole.test).toBeUndefined();
		expect(whole.validation.valid).toBe(false);
		expect(
			whole.validation.errors.every((e: { path: string }) => e.path.startsWith('/entry/1/')),
		).toBe(true);
		expect(whole.validation.info.map((e: { path: string }) => e.path).sort()).toEqual([
			'/entry/0/changes/0/value/entity_id',
			'/entry/0/changes/0/value/entity_type',
		]);
	});

	test('a finding about the delivery itself still counts on a sample; one about its sample-only entry is information', () => {
		const body = read('dashboard-samples/messages/sample.json');
		body.novelty = true;
		body.entry[0].uid = 'x';
		const [item] = items(body);
		expect(item.test).toBe(true);
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toEqual([
			expect.objectContaining({ path: '/novelty', kind: 'unknown_property' }),
		]);
		expect(item.validation.info).toEqual([
			expect.objectContaining({ path: '/entry/0/uid', kind: 'unknown_property' }),
		]);
	});
});

test('through the trigger node: the messages sample arrives as a test item with its customer', async () => {
	const host = await startTrigger({ outputMode: 'message', invalidHandling: 'route' });
	try {
		const answer = await post(
			host,
			fs.readFileSync(path.join(FIXTURES_DIR, 'dashboard-samples', 'messages', 'sample.json')),
		);
		expect(answer.status).toBe(200);
		const [item] = lastItems(host);
		expect(item).toMatchObject({
			test: true,
			testReason:
				'Meta App Dashboard sample: entry id "0", metadata phone_number_id "123456123" and display_phone_number "16505551111"',
			kind: 'message',
			phoneNumberId: '123456123',
			messageId: 'ABGGFlA5Fpa',
			customer: {
				phone: '16315551181',
				userId: null,
				parentUserId: null,
				username: null,
				name: 'test user name',
			},
			validation: { valid: true, errors: [], info: [] },
		});
		expect(lastItems(host, 1)).toEqual([]);
	} finally {
		await host.close();
	}
});
