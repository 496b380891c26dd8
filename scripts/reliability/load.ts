/**
 * Load deliveries drawn from the repository's fixtures, each made unique (entry time and
 * wamids carry the delivery's number) so that distinct sends never share a de-duplication
 * key, and what the trigger must make of each one (computed with the trigger's own
 * processDelivery, default options: one item per change).
 */
import * as fs from 'fs';
import * as path from 'path';

import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { signBody } from '../../nodes/shared/webhook/signature';
import { parseKeepingDigits, payloadFiles } from '../lib/fixtures';
import { MetaSender } from '../lib/metaSender';
import { isObject } from '../lib/isObject';

export interface LoadDelivery {
	index: number;
	body: Buffer;
	signature: string;
	/** Changes in the delivery (what the receipt counts). */
	changes: number;
	/** The de-duplication keys of the items it must give, in order. */
	keys: string[];
}

/** Every fixture payload the trigger accepts with at least one item; `body` keeps every digit. */
function loadFixtures(root: string, secret: string): Array<{ file: string; body: unknown }> {
	const found: Array<{ file: string; body: unknown }> = [];
	for (const sub of ['webhooks', 'batches', 'negative']) {
		const dir = path.join(root, 'fixtures', sub);
		if (!fs.existsSync(dir)) continue;
		for (const file of payloadFiles(dir)) {
			const raw = fs.readFileSync(file);
			const result = processDelivery(
				raw,
				{ 'x-hub-signature-256': signBody(raw, secret) },
				secret,
				DEFAULT_DELIVERY_OPTIONS,
			);
			if (result.status === 200 && result.outputs)
				found.push({ file: path.relative(root, file), body: parseKeepingDigits(raw) });
		}
	}
	return found;
}

/** entry.time of load delivery n is LOAD_TIME_BASE + n. */
export const LOAD_TIME_BASE = 1_750_000_000;

/** A copy of the fixture that no other delivery of the run can be taken for. */
export function makeUnique(body: unknown, n: number): unknown {
	const copy = parseKeepingDigits(JSON.stringify(body)) as Record<string, any>;
	if (!Array.isArray(copy.entry)) return copy;
	for (const entry of copy.entry) {
		if (!isObject(entry)) continue;
		entry.time = LOAD_TIME_BASE + n;
		if (!Array.isArray(entry.changes)) continue;
		for (const change of entry.changes) {
			const value = isObject(change) ? change.value : undefined;
			if (!isObject(value)) continue;
			for (const list of ['messages', 'statuses']) {
				if (!Array.isArray(value[list])) continue;
				for (const element of value[list])
					if (isObject(element) && element.id !== undefined)
						element.id = `${String(element.id)}.load${n}`;
			}
		}
	}
	return copy;
}

export function buildLoad(
	root: string,
	secret: string,
	count: number,
): { deliveries: LoadDelivery[]; fixtures: number } {
	const fixtures = loadFixtures(root, secret);
	if (!fixtures.length) throw new Error('no fixture is accepted by the trigger');
	const deliveries: LoadDelivery[] = [];
	for (let i = 0; i < count; i++) {
		const body = Buffer.from(JSON.stringify(makeUnique(fixtures[i % fixtures.length].body, i)));
		const signature = signBody(body, secret);
		const result = processDelivery(
			body,
			{ 'x-hub-signature-256': signature },
			secret,
			DEFAULT_DELIVERY_OPTIONS,
		);
		const items = result.outputs ? result.outputs.flat() : [];
		deliveries.push({
			index: i,
			body,
			signature,
			changes: Number(result.body.changes ?? 0),
			keys: items.map((item) => item.dedupKey),
		});
	}
	return { deliveries, fixtures: fixtures.length };
}

export interface SendResult {
	status: number;
	text: string;
	ms: number;
}

/**
 * POSTs every delivery to `url` with `concurrency` in flight, over kept-alive connections,
 * through the project's Meta-like sender; a delivery that got no answer at all (a
 * connection lost) is sent once more, every answer n8n gave is returned as it came.
 */
export async function sendAll(
	url: string,
	deliveries: LoadDelivery[],
	concurrency: number,
	onProgress?: (done: number) => void,
): Promise<SendResult[]> {
	const sender = new MetaSender({
		urls: [url],
		concurrency,
		timeoutMs: 120_000,
		redeliver: 'noAnswerOnce',
	});
	try {
		const records = await sender.sendAll(deliveries, (done) => {
			if (onProgress && done % 500 === 0) onProgress(done);
		});
		return records.map(({ attempts }) => {
			const last = attempts[attempts.length - 1];
			return { status: last.status, text: last.text ?? last.error ?? '', ms: last.ms };
		});
	} finally {
		sender.close();
	}
}

/** Kept for scripts/reliability/run.ts and scripts/scale/run.ts until they import ../lib/stats themselves. */
