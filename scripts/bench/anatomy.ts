/**
 * Where our path costs more than the floor. The same deliveries go through the first stages of
 * `processDelivery` alone, each stage interleaved with the floor like the whole path is:
 *  - `parsed`: the signature check, the one fatal UTF-8 decoding and the exact-id parse;
 *  - `validated`: that plus the generated validator (the verdict), no items and no keys;
 *  - `keyed`: that plus every change's de-duplication key, by the path's own key function.
 * The whole path adds the items and filters to `keyed`. Keys must stay byte-identical (Remove
 * Duplicates stores them) and every delivery must be judged, so `keyed` is the least any
 * implementation of this path costs: a goal below it cannot be met by anything done to the items.
 */
import { createHmac } from 'crypto';

import {
	changeDedupKey,
	DEFAULT_DELIVERY_OPTIONS,
	keepDigits,
	processDelivery,
	readSignedBody,
	validateDelivery,
} from './shipped';
import type { Delivery } from './corpus';
import { pairSync, type PairOptions, type Stats, type SyncFn } from './measure';
import { BENCH_APP_SECRET, signedHeaders } from './n8nWebhookPath';

export type Stage = 'parsed' | 'validated' | 'keyed';
export const STAGES: Stage[] = ['parsed', 'validated', 'keyed'];

interface Body {
	entry: Array<{
		id?: unknown;
		time?: unknown;
		changes: Array<{ field: unknown; value: unknown }>;
	}>;
}

/** Every change's key, as processDelivery computes it in its default mode (one item per change). */
function keyEveryChange(body: Body, raw: Buffer): string[] {
	const keys: string[] = [];
	body.entry.forEach((entry, e) => {
		const time = typeof entry.time === 'number' ? entry.time : null;
		entry.changes.forEach((change, c) =>
			keys.push(
				changeDedupKey(change.field, entry.id ?? null, time, change.value, raw, `${e}/${c}`),
			),
		);
	});
	return keys;
}

/** The floor every ratio divides by: JSON.parse plus HMAC-SHA256 of the same bytes. */
export function floorFn(d: Delivery): SyncFn {
	const raw = d.raw;
	return () => {
		JSON.parse(raw.toString('utf8'));
		return createHmac('sha256', BENCH_APP_SECRET).update(raw).digest();
	};
}

/** One delivery through the whole path, as the trigger runs it with its default options. */
export function wholeFn(d: Delivery): SyncFn {
	const raw = d.raw;
	const headers = signedHeaders(raw);
	return () => processDelivery(raw, headers, BENCH_APP_SECRET, DEFAULT_DELIVERY_OPTIONS);
}

/**
 * Checks, before anything is timed, that the keyed stage computes exactly the keys the whole
 * path gives its items (one per change in the default mode): the stage repeats the path's loop
 * over entries and changes, and must not drift from it.
 */
function checkKeysMatchPath(d: Delivery, headers: Record<string, string>) {
	const parsed = readSignedBody(d.raw, headers, BENCH_APP_SECRET);
	if ('status' in parsed) throw new Error(`${d.name}: refused (${parsed.status})`);
	const staged = keyEveryChange(parsed.body as Body, d.raw);
	const result = processDelivery(d.raw, headers, BENCH_APP_SECRET, DEFAULT_DELIVERY_OPTIONS);
	const itemKeys = (result.outputs ?? [[], []]).flat().map((item) => item.dedupKey);
	if (JSON.stringify(staged) !== JSON.stringify(itemKeys))
		throw new Error(`${d.name}: the keyed stage's keys differ from the path's items' keys`);
}

/** One delivery through the path up to `stage`. */
export function stageFn(d: Delivery, stage: Stage): SyncFn {
	const raw = d.raw;
	const headers = signedHeaders(raw);
	if (stage === 'keyed') checkKeysMatchPath(d, headers);
	return () => {
		const parsed = readSignedBody(raw, headers, BENCH_APP_SECRET);
		if ('status' in parsed) throw new Error(`${d.name}: refused (${parsed.status})`);
		if (stage !== 'parsed') validateDelivery(parsed.body);
		keepDigits(parsed);
		return stage === 'keyed' ? keyEveryChange(parsed.body as Body, raw) : parsed;
	};
}

/** Σ stage medians ÷ Σ floor medians over the deliveries, for each stage (the whole path's ratio is summed the same way). */
export function stageRatios(
	deliveries: Delivery[],
	floorFn: (d: Delivery) => SyncFn,
	options: (d: Delivery) => PairOptions,
): Record<Stage, number> {
	const out = {} as Record<Stage, number>;
	for (const stage of STAGES) {
		let floor = 0;
		let ours = 0;
		for (const d of deliveries) {
			const [f, s]: [Stats, Stats] = pairSync(floorFn(d), stageFn(d, stage), options(d));
			floor += f.median;
			ours += s.median;
		}
		out[stage] = floor > 0 ? ours / floor : NaN;
	}
	return out;
}
