/**
 * The template campaign: Message > Send Template on `sends` rows in one execution of the
 * action node (in this process, through n8n-core's ExecuteContext: scripts/lib/inProcessAction.ts)
 * against the Graph stand-in in a child process on loopback, which answers after `latencyMs`
 * and enforces Meta's per-number throughput (`limit` messages a second, 130429 beyond it).
 * The stand-in runs apart as Meta is another machine: this process's CPU is then the node's
 * (and n8n-core's) alone, and the stand-in's work does not delay the node's timers.
 * Counts what the stand-in accepted per row (each row has its own recipient): lost = rows never
 * accepted, duplicates = rows accepted more than once. Then the same sends one after another
 * (Requests In Flight 1) on a slice, for the sequential rate.
 */
import { fork } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as os from 'os';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MetaGraphStub } from '../lib/metaGraphStub';
import { attachTemplateMessaging } from '../lib/metaGraphTemplates';
import { runActionNode } from '../lib/inProcessAction';

const APP_ID = '1234567890123456';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';

export interface CampaignOptions {
	sends: number;
	sequentialSends: number;
	latencyMs: number;
	limit: number;
}

export interface CampaignResult {
	sendsPerS: number;
	ratioToLimit: number;
	lost: number;
	duplicates: number;
	throughputAnswers: number;
	failedItems: number;
	peakRssBytes: number;
	peakHeapBytes: number;
	durationMs: number;
	/** This process's CPU (user + system) during the paced run ÷ sends: the node and n8n-core, the stand-in apart. */
	cpuMsPerSend: number;
	/** The stand-in's CPU per send, in its own process. */
	graphCpuMsPerSend: number;
	/** 1-minute load average when the paced run started and when it ended. */
	loadAtStart: number;
	loadAtEnd: number;
	sequentialSendsPerS: number;
	sequentialSends: number;
}

/** Send Template as the campaign sets it: the recipient and two body variables from each row, one image for all. */
export function campaignParameters(templateOptions: IDataObject): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendTemplate',
		wabaId: { __rl: true, mode: 'id', value: WABA_ID },
		recipientMode: 'phone',
		senderPhoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID },
		recipientPhoneNumber: '={{ $json.phone }}',
		templateName: 'spring_sale',
		templateLanguage: 'en_US',
		headerMediaSource: 'url',
		templateParameters: {
			mappingMode: 'defineBelow',
			value: {
				'header.media': 'https://cdn.example.com/spring.jpg',
				'body.1': '={{ $json.name }}',
				'body.2': '={{ $json.code }}',
			},
			matchingColumns: [],
			schema: [],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		templateOptions: templateOptions as INodeParameters,
	};
}

const phoneOf = (row: number) => `1555${String(row).padStart(7, '0')}`;

/** What the parent asks of the stand-in's process, and what it answers. */
type ToGraph = { setup: { latencyMs: number; limit: number } } | { report: { sends: number } };
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
async function serveGraph(): Promise<void> {
	const graph = await MetaGraphStub.start();
	let templates: ReturnType<typeof attachTemplateMessaging> | undefined;
	// the stand-in keeps every request; a campaign does not need them kept
	const trim = setInterval(() => (graph.requests.length = 0), 100);
	const cpuAtStart = process.cpuUsage();
	process.on('message', (message: ToGraph) => {
		if ('setup' in message) {
			graph.addApp({ id: APP_ID, secret: 'c'.repeat(32) });
			const token = graph.addSystemUserToken(APP_ID);
			graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
			templates = attachTemplateMessaging(graph, {
				latencyMs: message.setup.latencyMs,
				messagesPerSecond: message.setup.limit,
			});
			templates.addTemplate(WABA_ID, {
				name: 'spring_sale',
				components: [
					{ type: 'HEADER', format: 'IMAGE' },
					{ type: 'BODY', text: 'Hi {{1}}, your code {{2}} gives 20% off this week.' },
				],
			});
			process.send!({ ready: { url: graph.url, token } } satisfies FromGraph);
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
			void graph.close().then(() => process.exit(0));
		});
	});
}

/** Starts the stand-in in a child process (this file again, with the same Node flags). */
async function startGraph(
	options: CampaignOptions,
): Promise<{ child: ChildProcess; url: string; token: string }> {
	const child = fork(__filename, ['--campaign-graph'], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
	});
	const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) =>
			reject(new Error(`the Graph stand-in's process ended (${code}) before it was ready`)),
		);
		child.once('message', (message: FromGraph) =>
			'ready' in message ? resolve(message.ready) : reject(new Error('unexpected answer')),
		);
		child.send({ setup: { latencyMs: options.latencyMs, limit: options.limit } } satisfies ToGraph);
	});
	child.removeAllListeners('exit');
	return { child, ...ready };
}

async function graphReport(child: ChildProcess, sends: number) {
	const answer = new Promise<FromGraph>((resolve) => child.once('message', resolve));
	child.send({ report: { sends } } satisfies ToGraph);
	const message = await answer;
	if (!('report' in message)) throw new Error('unexpected answer');
	await new Promise((resolve) =>
		child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
	);
	return message.report;
}

async function campaignRun(sends: number, options: CampaignOptions, concurrency: number) {
	const { child, url, token } = await startGraph(options);
	try {
		const rows = Array.from({ length: sends }, (_, row) => ({
			phone: phoneOf(row),
			name: `Customer ${row}`,
			code: `SPRING${row}`,
		}));
		let peakRss = 0;
		let peakHeap = 0;
		const sampler = setInterval(() => {
			const usage = process.memoryUsage();
			peakRss = Math.max(peakRss, usage.rss);
			peakHeap = Math.max(peakHeap, usage.heapUsed);
		}, 100);
		const loadAtStart = os.loadavg()[0];
		const cpuBefore = process.cpuUsage();
		const started = Date.now();
		const { items, error } = await runActionNode({
			parameters: campaignParameters({ messagesPerSecond: options.limit, concurrency }),
			items: rows,
			credentials: {
				whatsAppBusinessAccountApi: { accessToken: token, apiVersion: 'v23.0', baseUrl: url },
			},
			continueOnFail: true,
		});
		const durationMs = Date.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		const loadAtEnd = os.loadavg()[0];
		clearInterval(sampler);
		if (error) throw error;
		const graph = await graphReport(child, sends);
		return {
			durationMs,
			sendsPerS: (graph.accepted / durationMs) * 1000,
			lost: graph.lost,
			duplicates: graph.duplicates,
			throughputAnswers: graph.throughputAnswers,
			failedItems: items.filter((item) => item.json.status !== 'accepted').length,
			cpuMsPerSend: (cpu.user + cpu.system) / 1000 / Math.max(1, sends),
			graphCpuMsPerSend: graph.cpuMs / Math.max(1, sends),
			loadAtStart,
			loadAtEnd,
			peakRss,
			peakHeap,
		};
	} finally {
		if (child.exitCode === null) child.kill();
	}
}

export async function templateCampaign(options: CampaignOptions): Promise<CampaignResult> {
	const paced = await campaignRun(options.sends, options, 0);
	const sequential = await campaignRun(options.sequentialSends, options, 1);
	return {
		sendsPerS: paced.sendsPerS,
		ratioToLimit: paced.sendsPerS / options.limit,
		lost: paced.lost,
		duplicates: paced.duplicates,
		throughputAnswers: paced.throughputAnswers,
		failedItems: paced.failedItems,
		peakRssBytes: paced.peakRss,
		peakHeapBytes: paced.peakHeap,
		durationMs: paced.durationMs,
		cpuMsPerSend: paced.cpuMsPerSend,
		graphCpuMsPerSend: paced.graphCpuMsPerSend,
		loadAtStart: paced.loadAtStart,
		loadAtEnd: paced.loadAtEnd,
		sequentialSendsPerS: sequential.sendsPerS,
		sequentialSends: options.sequentialSends,
	};
}

if (require.main === module && process.argv.includes('--campaign-graph')) void serveGraph();
