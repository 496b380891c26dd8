/**
 * The fixtures story of fixtures/README.md, end to end: a delivery Meta sends that the schemas
 * flag is recorded with --record, replayed (the report names the schema location that flagged
 * it), and turned into a fixture with its expectation built from the --json report the way
 * the README's jq command does; the new fixture then replays green.
 */
import * as fs from 'fs';
import * as path from 'path';

import { SIGNATURE_HEADER, signBody } from '../../nodes/shared/webhook/signature';
import { startRecorder } from '../../scripts/lib/replay/recorder';
import { post } from '../../scripts/lib/replay/targets';
import { runCli, tempDir } from './helpers';

const APP_SECRET = 'the-apps-own-secret';

// a status with a value the schema does not list yet, and a big template-like id in an unknown property
const FLAGGED =
	'{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",' +
	'"metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NUY0QjZBMzA5QjNEQzc2MDEA",' +
	'"status":"teleported","timestamp":"1750000000","recipient_id":"16505551234","brand_new_info":12345678901234567891}]}}]}]}';

interface Item {
	field: string;
	wabaId: string;
	time: number | null;
	event: string | null;
	value: { statuses: Array<Record<string, unknown>> };
	validation: { valid: boolean; errors: Array<{ path: string; kind: string }> };
}

interface Report {
	summary: { total: number; ok: number; failed: number };
	results: Array<{
		ok: boolean;
		status: number;
		items: Item[];
		flagged?: Array<{ item: number; path: string; kind: string; schema: string | null }>;
	}>;
}

test('record a flagged delivery, see which schema flagged it, make it a fixture that replays green', async () => {
	const dir = tempDir();
	const recording = path.join(dir, 'recorded.ndjson');
	const recorder = await startRecorder({ port: 0, out: recording, max: 1 });
	const body = Buffer.from(FLAGGED);
	const answer = await post(
		recorder.url,
		{ 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, APP_SECRET) },
		body,
	);
	expect(answer.status).toBe(200);
	expect(await recorder.done).toBe(1);

	// npm run --silent replay -- --json --secret "$APP_SECRET" recorded.ndjson
	const run = await runCli(['--json', '--secret', APP_SECRET, recording]);
	expect(run.code).toBe(0);
	const report = JSON.parse(run.stdout) as Report;
	const [result] = report.results;
	expect(result).toMatchObject({ ok: true, status: 200 });
	expect(result.flagged).toEqual([
		{
			item: 1,
			field: 'messages',
			path: '/entry/0/changes/0/value/statuses/0/brand_new_info',
			kind: 'unknown_property',
			message: expect.any(String),
			schema: 'schemas/fields/messages.schema.json#/definitions/messageStatus/additionalProperties',
		},
		{
			item: 1,
			field: 'messages',
			path: '/entry/0/changes/0/value/statuses/0/status',
			kind: 'unknown_enum_value',
			message: expect.any(String),
			schema: 'schemas/fields/messages.schema.json#/definitions/messageStatusValue/enum',
		},
	]);
	// the big id kept its digits
	expect(result.items[0].value.statuses[0].brand_new_info).toBe('12345678901234567891');

	// jq -r .body recorded.ndjson > messages-status-teleported.json (the bytes as Meta sent them)
	const fixtures = path.join(dir, 'fixtures');
	fs.mkdirSync(fixtures);
	const line = JSON.parse(fs.readFileSync(recording, 'utf8').trim()) as { body: string };
	expect(line.body).toBe(FLAGGED);
	fs.writeFileSync(path.join(fixtures, 'messages-status-teleported.json'), line.body);
	// jq '.results[0] | {reproduces: ..., corrections: [], status, items: [.items[] | {field, wabaId, time, event, valid: .validation.valid, errors: [.validation.errors[] | {path, kind}]}]}'
	const expected = {
		reproduces: 'recorded delivery',
		corrections: [],
		status: result.status,
		items: result.items.map((i) => ({
			field: i.field,
			wabaId: i.wabaId,
			time: i.time,
			event: i.event,
			valid: i.validation.valid,
			errors: i.validation.errors.map((e) => ({ path: e.path, kind: e.kind })),
		})),
	};
	fs.writeFileSync(
		path.join(fixtures, 'messages-status-teleported.expected.json'),
		JSON.stringify(expected, null, 2),
	);

	// the fixture is signed with the harness's own secret now, and checked against its expectation
	const again = await runCli(['--json', fixtures]);
	expect(again.code).toBe(0);
	const replayed = JSON.parse(again.stdout) as Report;
	expect(replayed.summary).toMatchObject({ total: 1, ok: 1, failed: 0 });
	expect(replayed.results[0].flagged?.map((f) => f.kind)).toEqual([
		'unknown_property',
		'unknown_enum_value',
	]);
});
