/**
 * Exact ids: integer literals beyond 2^53 keep their digits (as strings) in items and keys;
 * validation judges them as the integers they are; a number that cannot be kept is flagged.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as ts from 'typescript';

import { fromRoot } from '../../scripts/lib/repoRoot';
import {
	keepDigits,
	parseExactly,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/exactJson';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { parseWithExactIntegers } from '../support/exactJson';

const SECRET = 'exact-ids-secret';

function items(text: string, outputMode: OutputMode = 'change'): ChangeItem[] {
	const raw = Buffer.from(text);
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
	});
	expect(result.status).toBe(200);
	return [...(result.outputs?.[0] ?? []), ...(result.outputs?.[1] ?? [])];
}

const template = (id: string, extra = '') =>
	`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1700000000,"changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":${id},"message_template_name":"n","message_template_language":"en_US","reason":"NONE"${extra}}}]}]}`;

describe('exact ids', () => {
	test('a template id beyond 2^53 arrives as its exact digits, valid (the schema types it integer or string)', () => {
		const [item] = items(template('12345678901234567891'));
		expect(item.value).toMatchObject({ message_template_id: '12345678901234567891' });
		expect(item.validation).toEqual({ valid: true, errors: [] });
	});

	test('two ids that round to the same JavaScript number stay apart, and so do their keys', () => {
		expect(Number('12345678901234567891')).toBe(Number('12345678901234567892'));
		const [a] = items(template('12345678901234567891'));
		const [b] = items(template('12345678901234567892'));
		expect((a.value as Record<string, unknown>).message_template_id).toBe('12345678901234567891');
		expect((b.value as Record<string, unknown>).message_template_id).toBe('12345678901234567892');
		expect(a.dedupKey).not.toBe(b.dedupKey);
	});

	test('ids up to 2^53 − 1 stay numbers, as sent; negative and nested big integers are kept too', () => {
		const [item] = items(
			template('9007199254740991', ',"x":[-9223372036854775808,{"y":18446744073709551615}]'),
		);
		expect(item.value).toMatchObject({
			message_template_id: 9007199254740991,
			x: ['-9223372036854775808', { y: '18446744073709551615' }],
		});
		// the unknown property is still flagged; its contents are kept exactly
		expect(item.validation.errors.map((e) => e.kind)).toEqual(['unknown_property']);
	});

	test('a WABA id and a phone number id sent as big numbers are strings in the item, exact', () => {
		const text =
			'{"object":"whatsapp_business_account","entry":[{"id":102290129340398765,"changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":106540352242922123},' +
			'"messages":[{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]}';
		const [item] = items(text, 'message');
		expect(item).toMatchObject({
			wabaId: '102290129340398765',
			phoneNumberId: '106540352242922123',
		});
		// the schemas type these ids as strings: the verdict says so, as it would for a small number
		expect(item.validation.errors.map((e) => [e.kind, e.path])).toEqual([
			['wrong_type', '/entry/0/id'],
			['wrong_type', '/entry/0/changes/0/value/metadata/phone_number_id'],
		]);
	});

	test('digits inside strings are text, never numbers: "ref:12345678901234567890" stays as it is', () => {
		const [item] = items(
			template('1', ',"note":"ref:12345678901234567890, [12345678901234567890"'),
		);
		expect(item.value).toMatchObject({
			message_template_id: 1,
			note: 'ref:12345678901234567890, [12345678901234567890',
		});
	});

	test('a number beyond 2^53 with a fraction or exponent after 16 digits cannot be kept: flagged inexact_number, delivered', () => {
		const [item] = items(template('12345678901234567891.0'));
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toEqual([
			{
				path: '/entry/0/changes/0/value/message_template_id',
				kind: 'inexact_number',
				message: expect.stringContaining('12345678901234567891.0'),
			},
		]);
		expect(typeof (item.value as Record<string, unknown>).message_template_id).toBe('number');
	});

	test('short exponent forms are numbers like any other (1e+21 is how JSON.stringify writes 10^21)', () => {
		const [item] = items(template('1e+21'));
		expect((item.value as Record<string, unknown>).message_template_id).toBe(1e21);
	});

	test('deeply nested big integers are found without recursion', () => {
		const depth = 5000;
		const nested = '['.repeat(depth) + '12345678901234567891' + ']'.repeat(depth);
		const parse = parseExactly(`{"a":${nested}}`);
		expect(parse.kept).toHaveLength(1);
		expect(parse.kept[0].digits).toBe('12345678901234567891');
		expect(parse.kept[0].pointer).toBe('/a' + '/0'.repeat(depth));
	});

	test('property: for any JSON value, items carry what an exact parse gives (Node 24 reviver with source text as the oracle)', () => {
		const bigInteger = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => ({ big: n }));
		const jsonish = fc.letrec((tie) => ({
			value: fc.oneof(
				{ depthSize: 'small' },
				fc.jsonValue({ maxDepth: 1 }),
				bigInteger,
				fc.array(tie('value'), { maxLength: 4 }),
				fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
			),
		})).value;
		// JSON text with big integers written as plain digits, as Meta writes them
		const write = (v: unknown): string => {
			if (
				v !== null &&
				typeof v === 'object' &&
				'big' in (v as object) &&
				typeof (v as { big: unknown }).big === 'bigint'
			)
				return String((v as { big: bigint }).big);
			if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
			if (v !== null && typeof v === 'object')
				return `{${Object.entries(v)
					.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
					.join(',')}}`;
			return JSON.stringify(v) ?? 'null';
		};
		fc.assert(
			fc.property(jsonish, (extra) => {
				const text = template('1', `,"extra":${write(extra)}`);
				const [item] = items(text);
				expect(item.value).toEqual(
					(parseWithExactIntegers(text) as { entry: Array<{ changes: Array<{ value: unknown }> }> })
						.entry[0].changes[0].value,
				);
			}),
			{ seed: 14, numRuns: 300 },
		);
	});

	/** A Node older than 22 (no source text in JSON.parse's reviver): the machine's Node 20, when there is one. */
	const oldNode = (() => {
		const candidate = process.env.WABA_OLD_NODE ?? '/usr/bin/node';
		const run = fs.existsSync(candidate)
			? spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' })
			: null;
		const major = run?.status === 0 ? Number(run.stdout.split('.')[0]) : NaN;
		return major < 22 ? candidate : null;
	})();

	(oldNode ? test : test.skip)(
		`on a Node without source text in the reviver (${oldNode ?? 'none found: set WABA_OLD_NODE'}), the same digits are kept`,
		() => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exact-json-'));
			try {
				const source = fs.readFileSync(
					fromRoot('nodes', 'WhatsAppBusinessAccountTrigger', 'delivery', 'exactJson.ts'),
					'utf8',
				);
				fs.writeFileSync(
					path.join(dir, 'exactJson.js'),
					ts.transpileModule(source, {
						compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
					}).outputText,
				);
				const texts = [
					template(
						'12345678901234567891',
						',"x":[-9223372036854775808,{"y":18446744073709551615}],"note":"ref:12345678901234567890"',
					),
					template('12345678901234567891.5'),
					template('9007199254740993'),
				];
				const script = `const { parseExactly, keepDigits } = require('./exactJson.js');
				const out = ${JSON.stringify(texts)}.map((t) => { const p = parseExactly(t); keepDigits(p); return { body: p.body, inexact: p.inexact }; });
				process.stdout.write(JSON.stringify({ source: JSON.parse('1', (k, v, c) => c && c.source) === '1', out }));`;
				const run = spawnSync(oldNode!, ['-e', script], { cwd: dir, encoding: 'utf8' });
				expect(run.stderr).toBe('');
				const remote = JSON.parse(run.stdout) as { source: boolean; out: unknown[] };
				expect(remote.source).toBe(false);
				const local = texts.map((t) => {
					const p = parseExactly(t);
					keepDigits(p);
					return JSON.parse(JSON.stringify({ body: p.body, inexact: p.inexact }));
				});
				expect(remote.out).toEqual(local);
				expect(JSON.stringify(remote.out)).toContain('"18446744073709551615"');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		},
	);
});
