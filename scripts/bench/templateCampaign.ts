/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tooling: runs outside n8n, not published */
/**
 * The template campaign: Message > Send Template on `sends` rows in one execution of the
 * action node (in this process, through n8n-core's ExecuteContext: scripts/lib/inProcessAction.ts)
 * against the Graph stand-in on loopback, which answers after `latencyMs` and enforces Meta's
 * per-number throughput (`limit` messages a second, 130429 beyond it). Counts what the
 * stand-in accepted per row (each row has its own recipient): lost = rows never accepted,
 * duplicates = rows accepted more than once. Then the same sends one after another
 * (Requests In Flight 1) on a slice, for the sequential rate.
 */
import * as os from 'os';
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
	/** CPU (user + system) of this process during the paced run, node and in-process stand-in together, per send. */
	cpuMsPerSend: number;
	/** The 1-minute load average when the paced run started (above the core count: the run shared its CPU). */
	loadAtStart: number;
	sequentialSendsPerS: number;
	sequentialSends: number;
}

const phoneOf = (row: number) => `1555${String(row).padStart(7, '0')}`;

async function campaignRun(sends: number, options: CampaignOptions, concurrency: number) {
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp({ id: APP_ID, secret: 'c'.repeat(32) });
		const token = graph.addSystemUserToken(APP_ID);
		graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
		const templates = attachTemplateMessaging(graph, { latencyMs: options.latencyMs, messagesPerSecond: options.limit });
		templates.addTemplate(WABA_ID, {
			name: 'spring_sale',
			components: [
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Hi {{1}}, your code {{2}} gives 20% off this week.' },
			],
		});
		// the stand-in keeps every request; a campaign does not need them kept
		graph.requests.length = 0;
		const rows = Array.from({ length: sends }, (_, row) => ({ phone: phoneOf(row), name: `Customer ${row}`, code: `SPRING${row}` }));
		let peakRss = 0;
		let peakHeap = 0;
		const sampler = setInterval(() => {
			const usage = process.memoryUsage();
			peakRss = Math.max(peakRss, usage.rss);
			peakHeap = Math.max(peakHeap, usage.heapUsed);
			graph.requests.length = 0;
		}, 100);
		const loadAtStart = os.loadavg()[0];
		const cpuBefore = process.cpuUsage();
		const started = Date.now();
		const { items, error } = await runActionNode({
			parameters: {
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
					value: { 'header.media': 'https://cdn.example.com/spring.jpg', 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.code }}' },
					matchingColumns: [],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				templateOptions: { messagesPerSecond: options.limit, concurrency },
			},
			items: rows,
			credentials: { whatsAppBusinessAccountApi: { accessToken: token, apiVersion: 'v23.0', baseUrl: graph.url } },
			continueOnFail: true,
		});
		const durationMs = Date.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		clearInterval(sampler);
		if (error) throw error;
		const accepted = templates.countBy((send) => send.recipient);
		let lost = 0;
		let duplicates = 0;
		for (let row = 0; row < sends; row++) {
			const count = accepted.get(phoneOf(row)) ?? 0;
			if (count === 0) lost++;
			if (count > 1) duplicates += count - 1;
		}
		return {
			durationMs,
			cpuMsPerSend: (cpu.user + cpu.system) / 1000 / Math.max(1, sends),
			loadAtStart,
			sendsPerS: (templates.accepted.length / durationMs) * 1000,
			lost,
			duplicates,
			throughputAnswers: templates.refusals.filter((r) => r.code === 130429).length,
			failedItems: items.filter((item) => item.json.status !== 'accepted').length,
			peakRss,
			peakHeap,
		};
	} finally {
		await graph.close();
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
		loadAtStart: paced.loadAtStart,
		sequentialSendsPerS: sequential.sendsPerS,
		sequentialSends: options.sequentialSends,
	};
}
