// The one fixture loader keeps what is stored byte for byte, and an integer beyond 2^53 keeps
// its digits through it into the benchmark's and the load run's bytes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { fixtureDeliveries } from '../../scripts/bench/corpus';
import { singleEntryBody } from '../../scripts/lib/deliveries';
import {
	FIXTURES_DIR,
	loadDeliveries,
	minifyJson,
	parseKeepingDigits,
} from '../../scripts/lib/fixtures';
import { makeUnique } from '../../scripts/reliability/load';

const BEYOND = '12345678901234567890123'; // far beyond 2^53: a Number would round it
const payload = (indent: number) => {
	const text = JSON.stringify(
		singleEntryBody(
			[
				{
					field: 'security',
					value: { event: 'PASSWORD_CHANGED', sequence: 0, note: 'a "quoted" \\ and  two spaces' },
				},
			],
			{ id: '1', time: 1 },
		),
		null,
		indent,
	);
	return text
		.replace('"sequence": 0', `"sequence": ${BEYOND}`)
		.replace('"sequence":0', `"sequence":${BEYOND}`);
};

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolkit-fixtures-'));
	fs.mkdirSync(path.join(dir, 'webhooks', 'security'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'webhooks', 'security', 'big.json'), payload(2));
	fs.writeFileSync(path.join(dir, 'webhooks', 'security', 'big.expected.json'), '{}');
	fs.mkdirSync(path.join(dir, 'recorded'));
	const recorded = JSON.stringify({
		name: 'r1',
		headers: { 'x-hub-signature-256': 'sha256=00' },
		body: payload(0),
	});
	fs.writeFileSync(
		path.join(dir, 'recorded', 'r.ndjson'),
		`${recorded}\r\n\n${payload(0)}\nnot json\n`,
	);
	fs.writeFileSync(path.join(dir, '.hidden.json'), '{}');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every delivery is the stored bytes: payload files, recorded bodies and payload lines, in name order', () => {
	const stored = loadDeliveries(dir);
	expect(stored.map((d) => [path.relative(dir, d.source), d.kind, d.name, d.error])).toEqual([
		[path.join('recorded', 'r.ndjson:1'), 'recorded', 'r1', undefined],
		[path.join('recorded', 'r.ndjson:3'), 'payload', undefined, undefined],
		[
			path.join('recorded', 'r.ndjson:4'),
			'recorded',
			undefined,
			expect.stringMatching(/^line is not JSON/),
		],
		[path.join('webhooks', 'security', 'big.json'), 'payload', undefined, undefined],
	]);
	expect(stored[0].headers).toEqual({ 'x-hub-signature-256': 'sha256=00' });
	expect(stored[0].body.toString()).toBe(payload(0));
	expect(stored[1].body.toString()).toBe(payload(0));
	expect(stored[3].body).toEqual(
		fs.readFileSync(path.join(dir, 'webhooks', 'security', 'big.json')),
	);
});

test("an integer beyond 2^53 keeps its digits into the bench's bytes", () => {
	const bench = fixtureDeliveries(dir);
	const file = bench.find((d) => d.name === 'webhooks/security/big.json');
	expect(file?.raw.toString()).toBe(payload(0)); // minified: the indentation goes, nothing else
	expect(file?.raw.toString()).toContain(`"sequence":${BEYOND}`);
	expect(file?.changes).toBe(1);
	const recorded = bench.find((d) => d.name === 'recorded/r.ndjson#r1');
	expect(recorded?.raw.toString()).toContain(`"sequence":${BEYOND}`);
	// the broken line is not a delivery the bench can time
	expect(bench.map((d) => d.name)).toEqual([
		'recorded/r.ndjson#r1',
		'recorded/r.ndjson#3',
		'webhooks/security/big.json',
	]);
});

test('a parsed view changed and written again keeps the digits, as the load run does', () => {
	const view = parseKeepingDigits(payload(2)) as { entry: Array<{ time: number }> };
	view.entry[0].time = 7;
	expect(JSON.stringify(view)).toContain(`"sequence":${BEYOND}`);
	expect(JSON.stringify(makeUnique(view, 3))).toContain(`"sequence":${BEYOND}`);
	// what a plain JSON.parse would have done
	expect(JSON.stringify(JSON.parse(payload(2)))).not.toContain(BEYOND);
});

test('minifyJson drops whitespace between tokens only, never inside strings or escapes', () => {
	expect(minifyJson(Buffer.from('{ "a" : [ 1 , "x \\" y" ],\n\t"b\\\\" : " " }')).toString()).toBe(
		'{"a":[1,"x \\" y"],"b\\\\":" "}',
	);
});

test('the repository fixtures load, each payload file as its own bytes', () => {
	const stored = loadDeliveries();
	const text = stored.find(
		(d) => d.source === path.join(FIXTURES_DIR, 'webhooks', 'messages', 'text.json'),
	);
	expect(text?.body).toEqual(
		fs.readFileSync(path.join(FIXTURES_DIR, 'webhooks', 'messages', 'text.json')),
	);
	expect(stored.some((d) => /\.expected\.json$/.test(d.source))).toBe(false);
});
