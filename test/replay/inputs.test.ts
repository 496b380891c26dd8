import * as fs from 'fs';
import * as path from 'path';

import { singleEntryBody, webhookBody } from '../../scripts/lib/deliveries';
import { SIGNATURE_HEADER, signBody, verifySignature } from '../../nodes/shared/webhook/signature';
import {
	checkObservation,
	compareItems,
	parseExpectation,
} from '../../scripts/lib/replay/expectations';
import {
	enumerateInputs,
	fieldsOf,
	headersFor,
	InputError,
	parseNdjson,
} from '../../scripts/lib/replay/inputs';
import { recordedLine } from '../../scripts/lib/replay/recorder';
import { tempDir } from './helpers';

const payload = (field = 'account_update', event = 'VERIFIED_ACCOUNT') =>
	JSON.stringify(singleEntryBody([{ field, value: { event } }], { id: '1', time: 2 }));

describe('parseNdjson', () => {
	test('tells recorded deliveries from payload lines, numbers lines from 1 and skips blank ones', () => {
		const recorded = {
			name: 'r',
			headers: { 'x-hub-signature-256': 'sha256=00', 'x-multi': ['a', 'b'] },
			body: ' {"a":1} ',
			expect: { status: 401, items: [] },
		};
		const text = `${JSON.stringify(recorded)}\r\n\n   \n${payload()}\n`;
		const [first, second, ...rest] = parseNdjson(text, 'rec.ndjson');
		expect(rest).toEqual([]);
		expect(first).toMatchObject({
			source: 'rec.ndjson:1',
			name: 'r',
			kind: 'recorded',
			expected: { status: 401, items: [] },
		});
		expect(first.headers).toEqual(recorded.headers);
		expect(first.body.toString()).toBe(' {"a":1} ');
		expect(second).toMatchObject({
			source: 'rec.ndjson:4',
			kind: 'payload',
			fields: ['account_update'],
		});
		expect(second.body.toString()).toBe(payload());
		expect(second.expected).toBeUndefined();
	});

	test('a payload line is sent as its own bytes, whitespace included', () => {
		const line = '{ "object" :\t"whatsapp_business_account", "entry": [] }  ';
		const [d] = parseNdjson(Buffer.from(line + '\n'), 'p.ndjson');
		expect(d.body.equals(Buffer.from(line))).toBe(true);
	});

	test('reads bodyBase64 back to the exact bytes', () => {
		const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
		const [d] = parseNdjson(
			JSON.stringify({ headers: {}, bodyBase64: bytes.toString('base64') }),
			'b.ndjson',
		);
		expect(d.body.equals(bytes)).toBe(true);
	});

	test('a broken line or expectation is reported on that line, not thrown', () => {
		const [notJson, noBody, badHeader, badExpect] = parseNdjson(
			[
				'{"headers":',
				'{"headers":{}}',
				'{"headers":{"a":1},"body":""}',
				'{"headers":{},"body":"","expect":{"items":"x"}}',
			].join('\n'),
			'x.ndjson',
		);
		expect(notJson.error).toMatch(/^line is not JSON/);
		expect(noBody.error).toMatch(/needs "body"/);
		expect(badHeader.error).toMatch(/header "a"/);
		expect(badExpect.error).toMatch(/"items" must be an array/);
		expect(badExpect.source).toBe('x.ndjson:4');
	});
});

describe('enumerateInputs', () => {
	test('walks directories in name order, pairs payloads with expectations, signs payloads', () => {
		const dir = tempDir();
		fs.mkdirSync(path.join(dir, 'b'));
		fs.writeFileSync(path.join(dir, 'b', 'x.json'), payload());
		fs.writeFileSync(
			path.join(dir, 'b', 'x.expected.json'),
			JSON.stringify({ status: 200, items: [{ field: 'account_update' }] }),
		);
		fs.writeFileSync(path.join(dir, 'a.json'), payload('security', 'PASSWORD_CHANGED'));
		fs.writeFileSync(path.join(dir, 'c.ndjson'), payload() + '\n' + payload() + '\n');
		fs.writeFileSync(path.join(dir, 'README.md'), '# not a payload');
		const deliveries = enumerateInputs([dir], { secret: 's3cret' });
		expect(deliveries.map((d) => path.relative(dir, d.source))).toEqual([
			'a.json',
			path.join('b', 'x.json'),
			'c.ndjson:1',
			'c.ndjson:2',
		]);
		expect(deliveries[0].expected).toBeUndefined();
		expect(deliveries[1].expected).toEqual({ status: 200, items: [{ field: 'account_update' }] });
		for (const d of deliveries)
			expect(verifySignature(d.body, d.headers[SIGNATURE_HEADER], 's3cret')).toEqual({ ok: true });
	});

	test('refuses a missing path and an expectation given as input', () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'x.expected.json'), '{}');
		expect(() => enumerateInputs([path.join(dir, 'nope')])).toThrow(InputError);
		expect(() => enumerateInputs([path.join(dir, 'x.expected.json')])).toThrow(InputError);
	});

	test('a malformed expectation fails its delivery', () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'x.json'), payload());
		fs.writeFileSync(path.join(dir, 'x.expected.json'), '{"items":[{"valid":"yes"}]}');
		expect(enumerateInputs([dir])[0].error).toMatch(/valid must be a boolean/);
	});

	test('recorded deliveries keep their headers; payloads need a secret', () => {
		const [recorded, plain] = parseNdjson(
			`{"headers":{"x-hub-signature-256":"sha256=ab"},"body":"{}"}\n{}`,
			'r.ndjson',
		);
		expect(headersFor(recorded, 'k')).toEqual({ 'x-hub-signature-256': 'sha256=ab' });
		expect(headersFor(plain, 'k')[SIGNATURE_HEADER]).toBe(signBody(Buffer.from('{}'), 'k'));
		expect(() => headersFor(plain, undefined)).toThrow(/needs a secret/);
	});

	test('fieldsOf lists distinct fields of a delivery', () => {
		const body = webhookBody([
			{ changes: [{ field: 'a' }, { field: 'b' }] },
			{ changes: [{ field: 'a' }] },
		]);
		expect(fieldsOf(JSON.stringify(body))).toEqual(['a', 'b']);
		expect(fieldsOf('not json')).toEqual([]);
	});
});

describe('recordedLine', () => {
	test('keeps a UTF-8 body as a string (BOM included) and anything else as base64', () => {
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"x":"é"}')]);
		const line = recordedLine({ 'x-a': ['1'], 'x-b': ['1', '2'] }, bom, new Date(0));
		expect(line.headers).toEqual({ 'x-a': '1', 'x-b': ['1', '2'] });
		expect(line.name).toBe('1970-01-01T00:00:00.000Z (no field)');
		const [back] = parseNdjson(JSON.stringify(line), 'l.ndjson');
		expect(back.body.equals(bom)).toBe(true);

		const binary = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]);
		const bin = recordedLine({}, binary);
		expect(bin.body).toBeUndefined();
		expect(parseNdjson(JSON.stringify(bin), 'l.ndjson')[0].body.equals(binary)).toBe(true);
	});
});

describe('compareItems and checkObservation', () => {
	const item = (over: Record<string, unknown> = {}) => ({
		field: 'message_template_status_update',
		wabaId: '1',
		time: 2,
		event: 'PAUSED',
		value: {},
		validation: { valid: true, errors: [] },
		...over,
	});

	test('compares only the listed keys, in order, with readable differences', () => {
		expect(compareItems([{ event: 'PAUSED' }], [item({ wabaId: 'other' })])).toEqual([]);
		expect(
			compareItems(
				[{ field: 'message_template_status_update' }, { event: 'PAUSED' }],
				[item(), item({ event: null })],
			),
		).toEqual(['item 2: event expected PAUSED got null']);
		expect(compareItems([{ time: null }], [item()])).toEqual(['item 1: time expected null got 2']);
		expect(compareItems([{}, {}], [item()])).toEqual(['expected 2 item(s), got 1']);
	});

	test('compares valid and errors (as sets of path and kind) with the validation verdict', () => {
		const errors = [
			{ path: '/entry/0/changes/0/value/x', kind: 'unknown_property', message: 'm' },
			{ path: '/entry/0/changes/0/value/x', kind: 'unknown_property', message: 'again' },
		];
		const got = item({ validation: { valid: false, errors } });
		expect(
			compareItems(
				[
					{
						valid: false,
						errors: [{ path: '/entry/0/changes/0/value/x', kind: 'unknown_property' }],
					},
				],
				[got],
			),
		).toEqual([]);
		expect(
			compareItems([{ valid: true, errors: [{ path: '/y', kind: 'wrong_type' }] }], [got]),
		).toEqual([
			'item 1: valid expected true got false',
			'item 1: errors missing wrong_type at /y; unexpected unknown_property at /entry/0/changes/0/value/x',
		]);
	});

	test("compares test (absent counts as false) and a sample's info findings", () => {
		const info = [{ path: '/entry/0/changes/0/value/entity_id', kind: 'wrong_type', message: 'm' }];
		const sample = item({ test: true, validation: { valid: true, errors: [], info } });
		expect(
			compareItems(
				[
					{
						test: true,
						info: [{ path: '/entry/0/changes/0/value/entity_id', kind: 'wrong_type' }],
					},
				],
				[sample],
			),
		).toEqual([]);
		expect(compareItems([{ test: false }], [item()])).toEqual([]);
		expect(compareItems([{ test: true, info: [] }], [item()])).toEqual([
			'item 1: test expected true got nothing',
		]);
		expect(compareItems([{ test: false, info: [] }], [sample])).toEqual([
			'item 1: test expected false got true',
			'item 1: info unexpected wrong_type at /entry/0/changes/0/value/entity_id',
		]);
		expect(() => parseExpectation({ items: [{ test: 'yes' }] }, 'e')).toThrow(
			/items\[0\]\.test must be a boolean/,
		);
		expect(() => parseExpectation({ items: [{ info: [{ path: 1 }] }] }, 'e')).toThrow(
			/items\[0\]\.info\[0\]/,
		);
	});

	test('an expectation of no items demands that no execution started', () => {
		const expectation = parseExpectation({ status: 401, items: [] }, 'e');
		expect(checkObservation(expectation, { status: 401, items: [], executed: false }).ok).toBe(
			true,
		);
		expect(
			checkObservation(expectation, { status: 200, items: [item()], executed: true, answer: 'x' })
				.differences,
		).toEqual([
			'status expected 401 got 200 (x)',
			'expected no execution, one started with 1 item(s)',
		]);
		const remote = checkObservation(expectation, { status: 401, items: null, executed: null });
		expect(remote.ok).toBe(true);
		expect(remote.unchecked).toMatch(/items not compared/);
	});

	test('status defaults to 200 and malformed expectations are refused', () => {
		expect(parseExpectation({ items: [] }, 'e').status).toBe(200);
		expect(() => parseExpectation({ status: '200', items: [] }, 'e')).toThrow(/status/);
		expect(() => parseExpectation({ items: [{ errors: [{ path: 1 }] }] }, 'e')).toThrow(
			/errors\[0\]/,
		);
	});
});
