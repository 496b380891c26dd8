/**
 * The template campaign: Message > Send Template on `sends` rows in one execution of the action
 * node against the Graph stand-in, each in a process of its own as n8n and Meta are: the node in
 * campaignNode.ts (n8n-core's ExecuteContext), the stand-in here (started with `--campaign-graph`).
 * The stand-in speaks https on loopback with a certificate of an authority made for the run
 * (scripts/lib/loopbackTls.ts) that the node's process trusts through NODE_EXTRA_CA_CERTS, so
 * that each send pays for its connection as it does against graph.facebook.com (n8n's request
 * helper opens one per request: docs/templates-and-campaigns.md). The stand-in answers after
 * `latencyMs` and enforces the number's throughput level (`level`: STANDARD 80 a second, HIGH
 * 1,000; 130429 beyond), which the node reads from GET /{phone-number-id}?fields=throughput.
 * Counts what the stand-in accepted per row (each row has its own recipient): lost = rows never
 * accepted, duplicates = rows accepted more than once. Then the same sends one after another
 * (Requests In Flight 1) on a slice, for the sequential rate.
 */
import { fork } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as path from 'path';

import { MetaGraphStub } from '../lib/metaGraphStub';
import { attachTemplateMessaging } from '../lib/metaGraphTemplates';
import { makeLoopbackTls } from '../lib/loopbackTls';
import {
	APP_ID,
	PHONE_NUMBER_ID,
	phoneOf,
	WABA_ID,
	type CampaignNodeAsk,
	type CampaignNodeReport,
} from './campaignSetup';

/** Meta's throughput levels of a number and the messages a second each allows. */
export const LEVEL_LIMIT = { STANDARD: 80, HIGH: 1000 } as const;
export type ThroughputLevel = keyof typeof LEVEL_LIMIT;

export interface CampaignOptions {
	sends: number;
	/** The sending number's throughput level, which the node reads and paces at. */
	level: ThroughputLevel;
	latencyMs: number;
	/** Also run `sequentialSends` one after another (Requests In Flight 1); 0: not. */
	sequentialSends?: number;
}

export interface CampaignResult {
	level: ThroughputLevel;
	limit: number;
	sends: number;
	sendsPerS: number;
	ratioToLimit: number;
	lost: number;
	duplicates: number;
	throughputAnswers: number;
	failedItems: number;
	peakRssBytes: number;
	/** The most heap in use while the node ran, and the heap before it (n8n loaded, rows built), in the node's process. */
	peakHeapBytes: number;
	heapBeforeBytes: number;
	/** (peak heap − heap before) ÷ rows: the campaign's cost per row over the input's own size. */
	heapBytesPerRow: number;
	/** Heap the output items keep (after a full GC) ÷ rows. */
	retainedBytesPerRow: number;
	durationMs: number;
	/** The node's process's CPU (user + system, all its threads) during the paced run ÷ sends; the stand-in apart. */
	cpuMsPerSend: number;
	/** The stand-in's CPU per send, in its own process. */
	graphCpuMsPerSend: number;
	/** 1-minute load average when the paced run started and when it ended. */
	loadAtStart: number;
	loadAtEnd: number;
	sequentialSendsPerS?: number;
}

/** What the parent asks of the stand-in's process, and what it answers. */
type ToGraph =
	| { setup: { latencyMs: number; level: ThroughputLevel; tls: { key: string; cert: string } } }
	| { report: { sends: number } };
type FromGraph =
	| { ready: { url: string; token: string } }
	| {
			report: {
				accepted: number;
				lost: number;
				duplicates: number;
				throughputAnswers: number;
				cpuMs: number;
			};
	  };

/** The stand-in's side: started by {@link startGraph} as a child process of this file. */
function serveGraph(): void {
	let graph: MetaGraphStub | undefined;
	let templates: ReturnType<typeof attachTemplateMessaging> | undefined;
	let trim: NodeJS.Timeout | undefined;
	const cpuAtStart = process.cpuUsage();
	process.on('message', (message: ToGraph) => {
		if ('setup' in message) {
			void MetaGraphStub.start({ tls: message.setup.tls }).then((started) => {
				graph = started;
				// the stand-in keeps every request; a campaign does not need them kept
				trim = setInterval(() => (started.requests.length = 0), 100);
				graph.addApp({ id: APP_ID, secret: 'c'.repeat(32) });
				const token = graph.addSystemUserToken(APP_ID);
				graph.addPhoneNumber(WABA_ID, {
					id: PHONE_NUMBER_ID,
					displayPhoneNumber: '+1 555-078-3881',
					fields: { throughput: { level: message.setup.level } },
				});
				// the throughput enforced is the number's level's
				templates = attachTemplateMessaging(graph, { latencyMs: message.setup.latencyMs });
				templates.addTemplate(WABA_ID, {
					name: 'spring_sale',
					components: [
						{ type: 'HEADER', format: 'IMAGE' },
						{ type: 'BODY', text: 'Hi {{1}}, your code {{2}} gives 20% off this week.' },
					],
				});
				process.send!({ ready: { url: graph.url, token } } satisfies FromGraph);
			});
			return;
		}
		const accepted = templates!.countBy((send) => send.recipient);
		let lost = 0;
		let duplicates = 0;
		for (let row = 0; row < message.report.sends; row++) {
			const count = accepted.get(phoneOf(row)) ?? 0;
			if (count === 0) lost++;
			if (count > 1) duplicates += count - 1;
		}
		const cpu = process.cpuUsage(cpuAtStart);
		const report = {
			accepted: templates!.accepted.length,
			lost,
			duplicates,
			throughputAnswers: templates!.refusals.filter((r) => r.code === 130429).length,
			cpuMs: (cpu.user + cpu.system) / 1000,
		};
		process.send!({ report } satisfies FromGraph, () => {
			clearInterval(trim);
			void graph!.close().then(() => process.exit(0));
		});
	});
}

/** This file or campaignNode.ts in a child process with this one's Node flags (a CPU profile for the node's only). */
function forkChild(
	file: string,
	args: string[],
	extra: { env?: NodeJS.ProcessEnv; execArgv?: string[]; profile: boolean },
) {
	return fork(file, args, {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		env: extra.env ?? process.env,
		execArgv: [
			...process.execArgv.filter((a) => extra.profile || !a.startsWith('--cpu-prof')),
			...(extra.execArgv ?? []),
		],
	});
}

/** The next message of a child, or its end as an error. */
function answerOf<T>(child: ChildProcess, what: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onExit = (code: number | null) =>
			reject(new Error(`${what}'s process ended (${code}) before it answered`));
		child.once('error', reject);
		child.once('exit', onExit);
		child.once('message', (message: T) => {
			child.removeListener('exit', onExit);
			resolve(message);
		});
	});
}

/** Starts the stand-in in a child process, serving https with `tls`. */
async function startGraph(
	options: CampaignOptions,
	tls: { key: string; cert: string },
): Promise<{ child: ChildProcess; url: string; token: string }> {
	const child = forkChild(__filename, ['--campaign-graph'], { profile: false });
	const answer = answerOf<FromGraph>(child, 'the Graph stand-in');
	child.send({
		setup: { latencyMs: options.latencyMs, level: options.level, tls },
	} satisfies ToGraph);
	const ready = await answer;
	if (!('ready' in ready)) throw new Error('unexpected answer from the Graph stand-in');
	return { child, ...ready.ready };
}

async function graphReport(child: ChildProcess, sends: number) {
	const answer = answerOf<FromGraph>(child, 'the Graph stand-in');
	child.send({ report: { sends } } satisfies ToGraph);
	const message = await answer;
	if (!('report' in message)) throw new Error('unexpected answer');
	await new Promise((resolve) =>
		child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
	);
	return message.report;
}

/** Runs the node over `sends` rows in its own process, trusting the stand-in's authority. */
async function runNode(ask: CampaignNodeAsk, caPath: string): Promise<CampaignNodeReport> {
	const child = forkChild(path.join(__dirname, 'campaignNode.ts'), [], {
		env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
		execArgv: ['--expose-gc'],
		profile: true,
	});
	try {
		const answer = answerOf<{ report: CampaignNodeReport } | { error: string }>(child, 'the node');
		child.send(ask);
		const message = await answer;
		if ('error' in message) throw new Error(`the node's process failed: ${message.error}`);
		// it ends by itself (writing its CPU profile, when asked for one)
		await new Promise((resolve) =>
			child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
		);
		return message.report;
	} finally {
		if (child.exitCode === null) child.kill();
	}
}

async function campaignRun(sends: number, options: CampaignOptions, concurrency: number) {
	const tls = makeLoopbackTls();
	const { child, url, token } = await startGraph(options, tls);
	try {
		const node = await runNode({ url, token, sends, concurrency }, tls.caPath);
		const graph = await graphReport(child, sends);
		return { node, graph };
	} finally {
		if (child.exitCode === null) child.kill();
		tls.remove();
	}
}

export async function templateCampaign(options: CampaignOptions): Promise<CampaignResult> {
	const { sends } = options;
	const limit = LEVEL_LIMIT[options.level];
	const { node, graph } = await campaignRun(sends, options, 0);
	const sequential = options.sequentialSends
		? await campaignRun(options.sequentialSends, options, 1)
		: undefined;
	// the node's first request (made before measuring, to a recipient outside the rows) is not counted
	const sendsPerS = ((sends - graph.lost) / node.durationMs) * 1000;
	return {
		level: options.level,
		limit,
		sends,
		sendsPerS,
		ratioToLimit: sendsPerS / limit,
		lost: graph.lost,
		duplicates: graph.duplicates,
		throughputAnswers: graph.throughputAnswers,
		failedItems: node.failedItems,
		peakRssBytes: node.peakRssBytes,
		peakHeapBytes: node.peakHeapBytes,
		heapBeforeBytes: node.heapBeforeBytes,
		heapBytesPerRow: (node.peakHeapBytes - node.heapBeforeBytes) / sends,
		retainedBytesPerRow: node.retainedBytes / sends,
		durationMs: node.durationMs,
		cpuMsPerSend: node.cpuMs / sends,
		graphCpuMsPerSend: graph.cpuMs / sends,
		loadAtStart: node.loadAtStart,
		loadAtEnd: node.loadAtEnd,
		sequentialSendsPerS: sequential
			? ((options.sequentialSends! - sequential.graph.lost) / sequential.node.durationMs) * 1000
			: undefined,
	};
}

if (require.main === module && process.argv.includes('--campaign-graph')) serveGraph();
