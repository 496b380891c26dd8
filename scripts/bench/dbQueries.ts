/**
 * Database queries n8n makes per delivery, per target: a count, not a timing, so it is the same
 * on a busy machine as on a quiet one, and it says where n8n's per-delivery cost differs between
 * our trigger and n8n's own Webhook node. One n8n (SQLite, the recommended setting) logs every
 * query (DB_LOGGING_ENABLED, DB_LOGGING_OPTIONS=query); each target gets the same status
 * deliveries in turn, and the queries logged meanwhile, less those of an idle stretch as long,
 * are divided by the deliveries sent.
 */
import * as fs from 'fs';

import type { CampaignDelivery } from './campaign';
import type { N8nInstall } from './n8nWebhookPath';
import { openLoopStep } from './openLoop';
import {
	benchPayloads,
	publishTargets,
	startBenchN8n,
	stopBenchN8n,
	waitIdle,
	type StormTarget,
} from './realN8n';
import { sleep } from '../lib/sleep';

/** Every storm target but n8n's WhatsApp Trigger, whose publishing talks to Meta. */
export type QueryTarget = Exclude<StormTarget, 'builtin'>;

export interface QueryCounts {
	/** Queries per delivery, per target. */
	perDelivery: Record<QueryTarget, number>;
	/** Queries per second while idle (subtracted from every target's count). */
	idlePerS: number;
	deliveries: number;
}

const QUERY_LINE = /\bquery: /g;

function countQueries(logFile: string, from: number): { count: number; end: number } {
	const text = fs.readFileSync(logFile);
	return {
		count: (text.subarray(from).toString('utf8').match(QUERY_LINE) ?? []).length,
		end: text.length,
	};
}

export async function dbQueriesPerDelivery(o: {
	root: string;
	install: N8nInstall;
	storm: CampaignDelivery[];
	env: Record<string, string>;
	note: (text: string) => void;
}): Promise<QueryCounts> {
	const bench = await startBenchN8n({
		root: o.root,
		install: o.install,
		env: {
			...o.env,
			N8N_LOG_LEVEL: 'debug',
			DB_LOGGING_ENABLED: 'true',
			DB_LOGGING_OPTIONS: 'query',
		},
		note: o.note,
	});
	try {
		const { n8n, logFile } = bench;
		const published = await publishTargets(n8n, { root: o.root, compareAcknowledgement: true });
		const urls: Record<QueryTarget, URL> = {
			ours: published.ours.url,
			oursCreated: published.oursCreated!,
			filtered: published.filtered,
			webhook: published.webhook.url,
			webhookLastNode: published.webhookLastNode.url,
			webhookCredentialHeld: published.webhookCredentialHeld,
			webhookAuth: published.webhookAuth,
		};
		// status deliveries only: one change, executed by every target but (b), which leaves them out
		const payloads = benchPayloads(
			o.storm.filter((d) => d.kind !== 'inbound' && !d.redelivery).map((d) => d.raw),
		);
		const rate = 10;
		const seconds = 3;
		const pid = n8n.child?.pid as number;
		// warm-up: every target once, not counted
		for (const url of Object.values(urls)) await openLoopStep(url, payloads, rate, 1, 0);
		await waitIdle(pid);
		let offset = countQueries(logFile, 0).end;
		await sleep(seconds * 1000);
		const idle = countQueries(logFile, offset);
		offset = idle.end;
		const idlePerS = idle.count / seconds;
		const perDelivery = {} as Record<QueryTarget, number>;
		let next = 100;
		for (const [target, url] of Object.entries(urls) as Array<[QueryTarget, URL]>) {
			const t0 = Date.now();
			const step = await openLoopStep(url, payloads, rate, seconds, next);
			next += step.sent;
			await waitIdle(pid);
			const counted = countQueries(logFile, offset);
			offset = counted.end;
			if (step.lost)
				o.note(
					`db queries: ${target}: ${step.lost} of ${step.sent} not answered 200 (${step.firstError})`,
				);
			perDelivery[target] = (counted.count - (idlePerS * (Date.now() - t0)) / 1000) / step.sent;
		}
		return { perDelivery, idlePerS, deliveries: Math.round(rate * seconds) };
	} finally {
		await stopBenchN8n(bench);
	}
}
