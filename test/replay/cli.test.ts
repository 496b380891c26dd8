/** The command line end to end: reports, targets, recording, byte-for-byte replay, exit codes. */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { singleEntryBody } from '../../scripts/lib/deliveries';
import { SIGNATURE_HEADER, signBody } from '../../nodes/shared/webhook/signature';
import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import {
	DEFAULT_SECRET,
	DEFAULT_VERIFY_TOKEN,
	parametersChangeItems,
} from '../../scripts/lib/replay/cli';
import { parseNdjson } from '../../scripts/lib/replay/inputs';
import { startRecorder } from '../../scripts/lib/replay/recorder';
import { post } from '../../scripts/lib/replay/targets';
import { startTrigger } from '../trigger/support';
import { runCli, tempDir } from './helpers';
import { FIXTURES_DIR } from '../../scripts/lib/fixtures';

const RECORDED = path.join(FIXTURES_DIR, 'recorded', 'meta-deliveries.ndjson');
const TEMPLATES = path.join(FIXTURES_DIR, 'webhooks', 'message_template_status_update');

interface Report {
	summary: {
		total: number;
		ok: number;
		failed: number;
		unchecked: number;
		itemsNotCompared: number;
		target: string;
		byField: Record<string, unknown>;
		statuses: Record<string, number>;
	};
	results: Array<{
		source: string;
		name?: string;
		status: number;
		items: Array<Record<string, unknown>>;
		ok: boolean;
		error?: string;
		unchecked?: string;
	}>;
}

const payload = (event: string) =>
	JSON.stringify(
		singleEntryBody(
			[
				{
					field: 'message_template_status_update',
					value: {
						event,
						message_template_id: 1,
						message_template_name: 'n',
						message_template_language: 'en_US',
						reason: 'NONE',
					},
				},
			],
			{ time: 1751247548 },
		),
	);

/** A directory with one fixture whose expectation the trigger does not meet. */
function mismatchDir(): string {
	const dir = tempDir();
	fs.writeFileSync(path.join(dir, 'approved.json'), payload('APPROVED'));
	fs.writeFileSync(
		path.join(dir, 'approved.expected.json'),
		JSON.stringify({
			status: 200,
			items: [{ field: 'message_template_status_update', event: 'PAUSED', valid: true }],
		}),
	);
	return dir;
}

describe('replay', () => {
	test('the recorded fixtures pass, and --json prints the report shape', async () => {
		const run = await runCli(['--json', RECORDED]);
		expect(run.code).toBe(0);
		const report = JSON.parse(run.stdout) as Report;
		expect(report.summary).toMatchObject({
			total: 6,
			ok: 6,
			failed: 0,
			unchecked: 0,
			target: 'in-process',
			statuses: { '200': 4, '401': 2 },
		});
		expect(report.results).toHaveLength(6);
		for (const [i, r] of report.results.entries()) {
			expect(r.source).toBe(`${RECORDED}:${i + 1}`);
			expect(typeof r.name).toBe('string');
			expect(Object.keys(r).sort()).toEqual(['items', 'name', 'ok', 'source', 'status']);
			expect(r.ok).toBe(true);
		}
		const forged = report.results[3];
		expect(forged).toMatchObject({ status: 401, items: [] });
		const odd = report.results[2];
		expect(odd.status).toBe(200);
		expect(odd.items).toHaveLength(1);
		expect(odd.items[0]).toMatchObject({
			field: 'message_template_status_update',
			event: 'PAUSED',
			validation: { valid: true, errors: [] },
		});
		expect(typeof odd.items[0].dedupKey).toBe('string');
	});

	test('the report never contains the secret or the verify token', async () => {
		const dir = tempDir();
		// a delivery quoting the secret in its body must not leak it through the items
		fs.writeFileSync(
			path.join(dir, 'x.json'),
			payload(`leak ${DEFAULT_SECRET} ${DEFAULT_VERIFY_TOKEN}`),
		);
		for (const argv of [
			['--json', dir, RECORDED],
			[dir, RECORDED],
		]) {
			const run = await runCli(argv);
			expect(run.stdout).not.toContain(DEFAULT_SECRET);
			expect(run.stdout).not.toContain(DEFAULT_VERIFY_TOKEN);
			expect(run.stderr).not.toContain(DEFAULT_SECRET);
		}
		const custom = await runCli([
			'--json',
			'--secret',
			'my-app-secret-123',
			'--verify-token',
			'my-token-456',
			TEMPLATES,
		]);
		expect(custom.code).toBe(0);
		expect(custom.stdout).not.toMatch(/my-app-secret-123|my-token-456/);
	});

	test('a mismatch exits 1 and says what differed', async () => {
		const dir = mismatchDir();
		const run = await runCli([dir]);
		expect(run.code).toBe(1);
		expect(run.stdout).toContain(
			`${path.join(dir, 'approved.json')}: item 1: event expected PAUSED got APPROVED`,
		);
		expect(run.stdout).toMatch(/FAIL: 0 ok, 1 failed of 1/);
		const json = JSON.parse((await runCli(['--json', dir])).stdout) as Report;
		expect(json.results[0]).toMatchObject({
			ok: false,
			error: 'item 1: event expected PAUSED got APPROVED',
			status: 200,
		});
		// --no-check only requires a 2xx answer
		const unchecked = await runCli(['--no-check', dir]);
		expect(unchecked.code).toBe(0);
		expect(unchecked.stdout).toMatch(/PASS: 0 ok, 1 unchecked of 1/);
	});

	test('a payload without expectation is unchecked: ok on 2xx, failed otherwise', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'fine.json'), payload('APPROVED'));
		fs.writeFileSync(path.join(dir, 'envelope.json'), '{"object":"page","entry":[]}');
		const run = await runCli(['--json', dir]);
		expect(run.code).toBe(1);
		const report = JSON.parse(run.stdout) as Report;
		expect(report.summary).toMatchObject({ total: 2, ok: 0, failed: 1, unchecked: 1 });
		const [envelope, fine] = report.results;
		expect(envelope).toMatchObject({ status: 400, ok: false });
		expect(envelope.error).toMatch(/^status 400 is not 2xx \("object" must be/);
		expect(fine).toMatchObject({
			status: 200,
			ok: true,
			unchecked: 'no expectation: only a 2xx status was required',
		});
	});

	test('--secret is also the in-process trigger app secret: recordings signed with another one are refused', async () => {
		expect((await runCli(['--secret', 'another-app-secret-9f2c', TEMPLATES])).code).toBe(0);
		const run = await runCli(['--secret', 'another-app-secret-9f2c', RECORDED]);
		expect(run.code).toBe(1);
		expect(run.stdout).toContain(
			`${RECORDED}:1 (2025-06-30T16:20:13.402Z messages): status expected 200 got 401 (X-Hub-Signature-256 does not match the request body)`,
		);
		expect(run.stdout).toMatch(/FAIL: 2 ok, 4 failed of 6/);
	});

	test('--concurrency gives the same results in the same order', async () => {
		const serial = JSON.parse((await runCli(['--json', TEMPLATES, RECORDED])).stdout) as Report;
		const parallel = JSON.parse(
			(await runCli(['--json', '--concurrency', '4', TEMPLATES, RECORDED])).stdout,
		) as Report;
		expect(parallel.summary.failed).toBe(0);
		expect(parallel.results).toEqual(serial.results);
	});

	test('--parameters that change the items leave them unchecked, statuses still checked', async () => {
		const run = await runCli([
			'--json',
			'--parameters',
			'{"outputMode":"delivery"}',
			TEMPLATES,
			RECORDED,
		]);
		expect(run.code).toBe(0);
		const report = JSON.parse(run.stdout) as Report;
		expect(report.summary.failed).toBe(0);
		expect(report.summary.itemsNotCompared).toBe(report.summary.total);
		expect(report.results[0].unchecked).toMatch(/node parameters \(outputMode\)/);
		// raw-delivery mode: the item is the body itself
		expect(report.results[0].items[0]).toMatchObject({ object: 'whatsapp_business_account' });
		expect(
			parametersChangeItems({
				outputMode: 'change',
				registration: 'manual',
				options: { wabaIds: '' },
			}),
		).toBeNull();
		expect(
			parametersChangeItems({ fields: ['messages'], options: { messageStatuses: ['read'] } }),
		).toMatch(/fields, options.messageStatuses/);
	});
});

describe('--url', () => {
	let n8n: InProcessTrigger;
	const env = { ...process.env };
	beforeAll(async () => {
		// the "running n8n" gets a user folder and key of its own, removed afterwards
		process.env.N8N_USER_FOLDER = tempDir();
		process.env.N8N_ENCRYPTION_KEY = 'replay-test-encryption-key';
		n8n = await startTrigger(
			{},
			{ webhook: { appId: 'a', appSecret: DEFAULT_SECRET, verifyToken: 't' }, receipt: false },
		);
	});
	afterAll(async () => {
		await n8n?.close();
		for (const name of ['N8N_USER_FOLDER', 'N8N_ENCRYPTION_KEY']) {
			if (env[name] === undefined) delete process.env[name];
			else process.env[name] = env[name];
		}
	});

	test('posts to a running trigger: statuses checked, items left to the caller', async () => {
		const before = n8n.executions.length;
		const run = await runCli([
			'--json',
			'--url',
			n8n.url,
			'--secret',
			DEFAULT_SECRET,
			TEMPLATES,
			RECORDED,
		]);
		expect(run.code).toBe(0);
		const report = JSON.parse(run.stdout) as Report;
		const count = fs.readdirSync(TEMPLATES).filter((f) => !f.endsWith('.expected.json')).length;
		expect(report.summary).toMatchObject({
			total: count + 6,
			failed: 0,
			target: 'url',
			itemsNotCompared: count + 6,
		});
		for (const r of report.results) {
			expect(r.items).toEqual([]);
			expect(r.unchecked).toMatch(/does not expose executions/);
		}
		// every accepted delivery started one execution there, none for the two refused
		expect(n8n.executions.length - before).toBe(count + 4);
	});

	test('needs --secret for plain payloads, not for recordings', async () => {
		const missing = await runCli(['--url', n8n.url, TEMPLATES]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/--url needs --secret/);
		expect((await runCli(['--url', n8n.url, RECORDED])).code).toBe(0);
	});

	test('a status mismatch at the URL exits 1', async () => {
		const run = await runCli(['--url', n8n.url, '--secret', 'wrong', TEMPLATES]);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/status expected 200 got 401/);
	});

	test('an unreachable URL fails each delivery with the reason', async () => {
		const dead = http.createServer();
		await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
		const { port } = dead.address() as { port: number };
		await new Promise((r) => dead.close(r));
		const run = await runCli(['--json', '--url', `http://127.0.0.1:${port}/webhook`, RECORDED]);
		expect(run.code).toBe(1);
		const report = JSON.parse(run.stdout) as Report;
		expect(report.results[0]).toMatchObject({ status: 0, ok: false });
		expect(report.results[0].error).toMatch(/^request failed: .*ECONNREFUSED/);
	});
});

describe('byte for byte', () => {
	test('recorded deliveries arrive with their exact bytes and headers', async () => {
		const out = path.join(tempDir(), 'echo.ndjson');
		const recorder = await startRecorder({ port: 0, out });
		try {
			const run = await runCli(['--url', recorder.url, '--no-check', RECORDED]);
			expect(run.code).toBe(0);
		} finally {
			await recorder.close();
		}
		const sent = parseNdjson(fs.readFileSync(RECORDED), RECORDED);
		const received = parseNdjson(fs.readFileSync(out), out);
		expect(received).toHaveLength(sent.length);
		received.forEach((r, i) => {
			expect(r.body.equals(sent[i].body)).toBe(true);
			for (const [name, value] of Object.entries(sent[i].headers)) {
				if (['host', 'content-length'].includes(name)) continue;
				expect(r.headers[name]).toEqual(value);
			}
			expect(r.headers['content-length']).toBe(String(sent[i].body.length));
		});
	});

	test('re-serialising the unusual line would break its signature', () => {
		const [, , odd] = parseNdjson(fs.readFileSync(RECORDED), RECORDED);
		const text = odd.body.toString('utf8');
		expect(text).toMatch(/\r\n\t/);
		expect(text).toContain('\\u005f');
		expect(odd.headers[SIGNATURE_HEADER]).toBe(signBody(odd.body, DEFAULT_SECRET));
		expect(signBody(JSON.stringify(JSON.parse(text)), DEFAULT_SECRET)).not.toBe(
			odd.headers[SIGNATURE_HEADER],
		);
	});
});

describe('--record', () => {
	test('records what is posted, then replays it', async () => {
		const out = path.join(tempDir(), 'nested', 'rec.ndjson');
		let listening!: (url: string) => void;
		const url = new Promise<string>((resolve) => (listening = resolve));
		const running = runCli(
			[
				'--record',
				'--port',
				'0',
				'--out',
				out,
				'--max',
				'3',
				'--verify-token',
				'vt-123-record-4e7a',
			],
			(text) => {
				const m = /posted to (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
				if (m) listening(m[1]);
			},
		);
		const base = await url;

		// Meta's handshake is answered with the verify token given
		const ok = await fetch(
			`${base}?hub.mode=subscribe&hub.verify_token=vt-123-record-4e7a&hub.challenge=42`,
		);
		expect([ok.status, await ok.text()]).toEqual([200, '42']);
		const bad = await fetch(`${base}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`);
		expect(bad.status).toBe(403);

		const bodies = [
			Buffer.from(payload('APPROVED')),
			Buffer.from(`  ${payload('PAUSED')}\n`),
			Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(payload('REJECTED'))]),
		];
		for (const body of bodies) {
			const answer = await post(
				base + 'any/path',
				{
					'content-type': 'application/json',
					[SIGNATURE_HEADER]: signBody(body, DEFAULT_SECRET),
					'x-extra': 'kept',
				},
				body,
			);
			expect(answer.status).toBe(200);
			expect(JSON.parse(answer.body.toString())).toEqual({ recorded: true });
		}
		const run = await running;
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/Recorded 3 deliveries/);

		const lines = fs
			.readFileSync(out, 'utf8')
			.trimEnd()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(lines).toHaveLength(3);
		for (const line of lines) {
			expect(line.name).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z message_template_status_update$/);
			expect(line.headers).toMatchObject({
				'x-extra': 'kept',
				'content-type': 'application/json',
				host: expect.stringMatching(/^127\.0\.0\.1:/),
			});
		}
		parseNdjson(fs.readFileSync(out), out).forEach((d, i) =>
			expect(d.body.equals(bodies[i])).toBe(true),
		);

		const replayed = JSON.parse((await runCli(['--json', out])).stdout) as Report;
		expect(replayed.summary).toMatchObject({ total: 3, unchecked: 3, failed: 0 });
		expect(replayed.results.map((r) => r.items[0]?.event)).toEqual([
			'APPROVED',
			'PAUSED',
			'REJECTED',
		]);
	});
});

// Issue 23, finding 6: the recorder stored a proxy's Authorization, Proxy-Authorization and
// Cookie headers in a world-readable file, and replay sent them on to any --url.
describe('--record keeps credentials out of the file, and the file to its owner', () => {
	const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
	const credentialHeaders = {
		authorization: 'Bearer proxy-token-7f3a',
		'proxy-authorization': 'Basic dXNlcjpwdw==',
		cookie: 'session=s3cr3t',
	};
	const postTo = async (out: string, keepCredentialHeaders?: boolean) => {
		const recorder = await startRecorder({
			port: 0,
			out,
			max: 1,
			...(keepCredentialHeaders ? { keepCredentialHeaders } : {}),
		});
		// (not through `post`, which leaves hop-by-hop headers such as Proxy-Authorization out)
		await new Promise<void>((resolve, reject) => {
			const req = http.request(
				recorder.url,
				{
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						[SIGNATURE_HEADER]: signBody(body, DEFAULT_SECRET),
						...credentialHeaders,
					},
				},
				(res) => {
					res.resume();
					res.on('end', resolve);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
		await recorder.done;
		return JSON.parse(fs.readFileSync(out, 'utf8').trim()) as {
			headers: Record<string, string>;
			droppedHeaders?: string[];
		};
	};

	test('credential headers are left out and named; the signature stays; the file is 0600, even one that existed', async () => {
		const out = path.join(tempDir(), 'rec.ndjson');
		fs.writeFileSync(out, '', { mode: 0o644 });
		fs.chmodSync(out, 0o644);
		const line = await postTo(out);
		expect(Object.keys(line.headers)).not.toEqual(expect.arrayContaining(['authorization']));
		expect(line.headers).not.toHaveProperty('proxy-authorization');
		expect(line.headers).not.toHaveProperty('cookie');
		expect(line.droppedHeaders).toEqual(['authorization', 'proxy-authorization', 'cookie']);
		expect(line.headers[SIGNATURE_HEADER]).toBe(signBody(body, DEFAULT_SECRET));
		const text = fs.readFileSync(out, 'utf8');
		for (const secret of Object.values(credentialHeaders)) expect(text).not.toContain(secret);
		expect(fs.statSync(out).mode & 0o777).toBe(0o600);
	});

	test('--keep-credential-headers keeps them', async () => {
		const out = path.join(tempDir(), 'kept.ndjson');
		const line = await postTo(out, true);
		expect(line.headers).toMatchObject(credentialHeaders);
		expect(line.droppedHeaders).toBeUndefined();
		expect(fs.statSync(out).mode & 0o777).toBe(0o600);
	});
});

describe('usage errors exit 2 with the usage on stderr', () => {
	test.each([
		[[]],
		[['--bogus', 'fixtures']],
		[['--concurrency', '0', 'fixtures']],
		[['--parameters', '{not json', 'fixtures']],
		[['--parameters', '[]', 'fixtures']],
		[['--url', 'ftp://x', 'fixtures']],
		[['--url', 'http://127.0.0.1:9/', '--parameters', '{}', 'fixtures']],
		[['--record', '--out', 'x.ndjson']],
		[['--record', '--port', '0', '--out', 'x.ndjson', 'fixtures']],
		[['--max', '3', 'fixtures']],
		[['--keep-credential-headers', 'fixtures']],
		[['no/such/path']],
		[['--secret']],
	])('%j', async (argv) => {
		const run = await runCli(argv as string[]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^replay: .+\n\nUsage:/);
		expect(run.stdout).toBe('');
	});

	test.each([
		[['--bogus', 'fixtures'], 'unknown option --bogus'],
		[['-x', 'fixtures'], 'unknown option -x'],
		[['--json=yes', 'fixtures'], '--json takes no value'],
		[['--secret', 'a', '--secret=b', 'fixtures'], '--secret given twice'],
		[['fixtures', '--timeout'], '--timeout needs a value'],
		[['--timeout', '1.5', 'fixtures'], '--timeout must be an integer ≥ 1, got "1.5"'],
		[['--port', '70000', '--record', '--out', 'x'], '--port must be at most 65535'],
		[['--record', '--port', '0', '--out', 'x', '--json'], '--json does not apply to --record'],
		[['--', '--not-an-option'], 'no such file or directory: --not-an-option'],
	])('%j says exactly what is wrong', async (argv, message) => {
		const run = await runCli(argv as string[]);
		expect(run.code).toBe(2);
		expect(run.stderr.split('\n')[0]).toContain(`replay: ${message}`);
	});

	test('a value may start with a dash; after -- everything is an input', async () => {
		// --secret takes the next argument whatever it looks like, as before
		const run = await runCli(['--json', '--secret', '-dash-secret-1-4f9a2c', '--', TEMPLATES]);
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout).summary.failed).toBe(0);
	});

	test('--help prints the usage and exits 0', async () => {
		const run = await runCli(['--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^Usage:/);
	});
});
