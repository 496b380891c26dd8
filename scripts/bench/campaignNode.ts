/**
 * The node's side of the template campaign (templateCampaign.ts starts it): a process of its own,
 * as n8n's would be, started with NODE_EXTRA_CA_CERTS naming the authority of the stand-in's
 * loopback certificate (Node reads it once, at start) and `--expose-gc`. It builds the rows, runs
 * Send Template over them in one execution (n8n-core's ExecuteContext: scripts/lib/inProcessAction.ts)
 * and reports its CPU and heap:
 * - heapBeforeBytes: the heap after a full GC with n8n loaded and the rows built (the input's own
 *   size is in it, so what follows is the campaign's cost alone);
 * - peakHeapBytes: the most heap in use while the node ran, sampled every 20 ms (garbage not yet
 *   collected included: what a process must have room for);
 * - retainedBytes: the heap after a full GC once the node returned, its output items held, over
 *   heapBeforeBytes (what the output keeps).
 */
import * as os from 'os';
import type { IDataObject } from 'n8n-workflow';

import { runActionNode } from '../lib/inProcessAction';
import {
	campaignParameters,
	campaignRow,
	type CampaignNodeAsk,
	type CampaignNodeReport,
} from './campaignSetup';

const gc = (globalThis as { gc?: () => void }).gc;

async function run(ask: CampaignNodeAsk): Promise<CampaignNodeReport> {
	if (!gc) throw new Error('run with --expose-gc');
	const rows = Array.from({ length: ask.sends }, (_, row) => campaignRow(row));
	const options: IDataObject = { concurrency: ask.concurrency };
	if (ask.messagesPerSecond !== undefined) options.messagesPerSecond = ask.messagesPerSecond;
	const parameters = campaignParameters(options);
	const credentials = {
		whatsAppBusinessAccountApi: { accessToken: ask.token, apiVersion: 'v23.0', baseUrl: ask.url },
	};
	// n8n loaded and a first send made (to a recipient outside the rows), so that neither counts as the campaign's
	await runActionNode({
		parameters,
		items: [campaignRow(ask.sends)],
		credentials,
		continueOnFail: true,
	});
	gc();
	const heapBeforeBytes = process.memoryUsage().heapUsed;
	let peakHeapBytes = heapBeforeBytes;
	let peakRssBytes = 0;
	const sampler = setInterval(() => {
		const usage = process.memoryUsage();
		peakHeapBytes = Math.max(peakHeapBytes, usage.heapUsed);
		peakRssBytes = Math.max(peakRssBytes, usage.rss);
	}, 20);
	const loadAtStart = os.loadavg()[0];
	const cpuBefore = process.cpuUsage();
	const started = Date.now();
	const { items, error } = await runActionNode({
		parameters,
		items: rows,
		credentials,
		continueOnFail: true,
	});
	const durationMs = Date.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	const loadAtEnd = os.loadavg()[0];
	clearInterval(sampler);
	if (error) throw error;
	const usage = process.memoryUsage();
	peakHeapBytes = Math.max(peakHeapBytes, usage.heapUsed);
	gc();
	const retainedBytes = process.memoryUsage().heapUsed - heapBeforeBytes;
	return {
		durationMs,
		failedItems: items.filter((item) => item.json.status !== 'accepted').length,
		cpuMs: (cpu.user + cpu.system) / 1000,
		heapBeforeBytes,
		peakHeapBytes,
		retainedBytes,
		peakRssBytes,
		loadAtStart,
		loadAtEnd,
	};
}

if (require.main === module) {
	process.once('message', (ask: CampaignNodeAsk) => {
		run(ask).then(
			(report) => process.send!({ report }, () => process.exit(0)),
			(error: Error) =>
				process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
		);
	});
}
