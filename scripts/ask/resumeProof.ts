/**
 * What real n8n does with a community node whose operation is `sendAndWait`
 * (docs/design/send-and-wait.md, "Proof"): n8n's signed resume URL, a forged or missing
 * signature, a refusal by the node's restart webhook, the resume, a replayed resume, two answers
 * at once, an answer before the execution is saved as waiting, a Limit Wait Time timeout, and
 * whether n8n makes an AI-Agent "HitlTool" of the node. Run once per n8n version:
 *
 *   N8N_VERSION=2.41.1 npx tsx scripts/ask/resumeProof.ts
 *   N8N_VERSION=1.123.81 npx tsx scripts/ask/resumeProof.ts
 *
 * Prints one JSON report; the nodes are the throw-away probes of probeNodes.ts.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { installN8n } from '../lib/n8n/install';
import { N8n } from '../lib/n8n/instance';
import { sleep } from '../lib/sleep';
import { writeProbeNodes } from './probeNodes';

interface LogEntry {
	at: number;
	event: 'asked' | 'webhook' | 'after' | 'early';
	executionId?: string;
	url?: string;
	status?: number;
	body?: unknown;
	items?: unknown[];
	validation?: boolean;
}

const RACE_COUNT = Number(process.env.ASK_RACE ?? 20);

function readLog(file: string): LogEntry[] {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as LogEntry);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

async function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text.replace(/\s+/g, ' ').slice(0, 160) };
}

function probeWorkflow(name: string, startPath: string, logFile: string, probe: object) {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: startPath, responseMode: 'onReceived' },
			},
			{
				id: randomUUID(),
				name: 'Ask',
				type: 'CUSTOM.askProbe',
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'message', operation: 'sendAndWait', logFile, ...probe },
			},
			{
				id: randomUUID(),
				name: 'After',
				type: 'CUSTOM.askCounter',
				typeVersion: 1,
				position: [400, 0],
				parameters: { logFile },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
			Ask: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
		},
	};
}

async function main(): Promise<void> {
	const { nodeHome, n8nDir, n8nVersion } = installN8n();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-ask-proof-'));
	const custom = path.join(userFolder, 'custom');
	writeProbeNodes(custom);
	const logFile = path.join(userFolder, 'ask.log');
	const n8n = new N8n({
		nodeHome,
		n8nDir,
		n8nVersion,
		userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
		env: { N8N_CUSTOM_EXTENSIONS: custom, N8N_RUNNERS_ENABLED: 'true' },
	});
	const report: Record<string, unknown> = { n8nVersion };
	try {
		await n8n.start({ timeoutMs: 240_000 });
		await n8n.setupOwner();
		await n8n.createApiKey();
		const modes = {
			wait: {},
			claim: { claimOnce: true },
			timeout: { waitSeconds: 3 },
			early: { answerEarly: true },
		};
		for (const [mode, probe] of Object.entries(modes))
			await n8n.importWorkflow(probeWorkflow(`ask ${mode}`, `ask-${mode}`, logFile, probe));

		/** Starts one execution (retrying while n8n is still registering the webhook). */
		const start = async (mode: string, body: unknown = { order: 42 }) => {
			const deadline = Date.now() + 60_000;
			for (;;) {
				const r = await post(`${n8n.baseUrl}/webhook/ask-${mode}`, body);
				if (r.status !== 404) return r;
				if (Date.now() > deadline) throw new Error(`webhook ask-${mode} never registered`);
				await sleep(250);
			}
		};
		const asked = (count: number) =>
			until(`${count} questions`, () => {
				const entries = readLog(logFile).filter((e) => e.event === 'asked');
				return entries.length >= count ? entries : undefined;
			});
		const afters = (executionId: string) =>
			readLog(logFile).filter((e) => e.event === 'after' && e.executionId === executionId);
		const status = async (id: string) =>
			((await n8n.api('GET', `/executions/${id}`)) as { status: string }).status;

		// one question, every refusal first, then the answer and its replay
		await start('wait');
		const [first] = await asked(1);
		const url = first.url!;
		const id = first.executionId!;
		report.resumeUrl = url.replace(/signature=[0-9a-f]+/, 'signature=<64 hex>');
		report.signatureValidationCall = first.validation;
		// what n8n's public API shows of a waiting execution (the Free Text lookup reads it)
		const waitingList = (await n8n.api('GET', '/executions?status=waiting&includeData=true')) as {
			data: Array<{
				id: string;
				data?: { resultData?: { runData?: Record<string, unknown[]>; lastNodeExecuted?: string } };
			}>;
		};
		const listed = waitingList.data.find((e) => String(e.id) === String(id));
		report.publicApiWaitingIds = waitingList.data.map((e) => e.id);
		report.publicApiWaiting = {
			listed: Boolean(listed),
			lastNodeExecuted: listed?.data?.resultData?.lastNodeExecuted,
			preWaitRuns: listed?.data?.resultData?.runData?.Ask?.length ?? 0,
		};
		const forged = url.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
		report.forged = { ...(await post(forged, { choice: 'x' })), after: await status(id) };
		const unsigned = url.replace(/[?&]signature=[0-9a-f]+/, '');
		report.unsigned = { ...(await post(unsigned, { choice: 'x' })), after: await status(id) };
		const otherOption = url.replace('o=approve', 'o=decline');
		report.otherOptionSameSignature = {
			...(await post(otherOption, { choice: 'x' })),
			after: await status(id),
		};
		report.refusedByNode = { ...(await post(url, { refuse: true })), after: await status(id) };
		report.answer = { ...(await post(url, { choice: 'approve' })) };
		await until('the resumed run', () => (afters(id).length ? true : undefined));
		await sleep(1000);
		report.answer = {
			...(report.answer as object),
			after: await status(id),
			output: afters(id)[0].items,
		};
		report.replay = { ...(await post(url, { choice: 'approve' })) };
		await sleep(1500);
		report.replay = { ...(report.replay as object), runsAfter: afters(id).length };

		// two answers at once to each of RACE_COUNT questions, without and with the node's own claim
		const race = async (mode: string) => {
			const before = readLog(logFile).filter((e) => e.event === 'asked').length;
			for (let i = 0; i < RACE_COUNT; i++) await start(mode);
			const raced = (await asked(before + RACE_COUNT)).slice(before);
			await sleep(1500); // every execution saved as waiting
			const answers = await Promise.all(
				raced.flatMap((q) => [post(q.url!, { choice: 'a' }), post(q.url!, { choice: 'b' })]),
			);
			await sleep(5000);
			const runs = raced.map((q) => afters(q.executionId!).length);
			const statuses: Record<string, number> = {};
			for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
			const notResumed = raced.filter((_, i) => runs[i] === 0);
			return {
				questions: RACE_COUNT,
				resumedOnce: runs.filter((n) => n === 1).length,
				resumedTwice: runs.filter((n) => n > 1).length,
				notResumed: notResumed.length,
				notResumedStatus: await Promise.all(notResumed.map((q) => status(q.executionId!))),
				answerStatuses: statuses,
			};
		};
		report.race = await race('wait');
		report.raceWithClaim = await race('claim');

		// an answer before the execution is saved as waiting
		await start('early');
		const early = await until('the early answer', () =>
			readLog(logFile).find((e) => e.event === 'early'),
		);
		await sleep(2000);
		const earlyQuestion = readLog(logFile).find(
			(e) => e.event === 'asked' && e.executionId === early.executionId,
		)!;
		report.early = {
			status: early.status,
			body: early.body,
			resumedByIt: afters(early.executionId!).length,
			after: await status(early.executionId!),
			retry: await post(earlyQuestion.url!, { choice: 'late' }),
		};
		await sleep(1500);
		(report.early as Record<string, unknown>).resumedByRetry = afters(early.executionId!).length;

		// Limit Wait Time: n8n resumes on its own; what does the node put out?
		const t0 = Date.now();
		await start('timeout', { order: 7 });
		const timedOut = await until(
			'the timeout',
			() => {
				const q = readLog(logFile).find((e) => e.event === 'asked' && e.at >= t0);
				const a = q && afters(q.executionId!)[0];
				return a ? { q, a } : undefined;
			},
			150_000,
		);
		report.timeout = {
			resumedAfterMs: timedOut.a.at - timedOut.q.at,
			output: timedOut.a.items,
		};

		// n8n 2.x wraps every node with a sendAndWait operation as a Human-in-the-Loop tool
		const typesAnswer = await fetch(`${n8n.baseUrl}/types/nodes.json`, {
			headers: { cookie: n8n.cookie ?? '' },
		});
		const typesText = await typesAnswer.text();
		report.toolVariants = [...new Set(typesText.match(/CUSTOM\.ask[A-Za-z]*/g) ?? [])];
		report.typesStatus = typesAnswer.status;
	} finally {
		await n8n.stop();
	}
	console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
