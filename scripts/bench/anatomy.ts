/**
 * Where our path costs more than the floor. The same deliveries go through the first stages of
 * `processDelivery` alone, each stage interleaved with the floor like the whole path is:
 *  - `parsed`: the signature check, the one fatal UTF-8 decoding and the exact-id parse;
 *  - `validated`: that plus the generated validator (the verdict), no items and no keys.
 * The whole path adds items, filters and de-duplication keys to `validated`. A goal below the
 * `validated` ratio cannot be met by anything done to the items or keys: it is validation's cost.
 */
import { validateDelivery } from '../../nodes/shared/generated/validators';
import { keepDigits } from '../../nodes/shared/webhook/exactJson';
import { readSignedBody } from '../../nodes/shared/webhook/processDelivery';
import type { Delivery } from './corpus';
import { pairSync, type PairOptions, type Stats, type SyncFn } from './measure';
import { BENCH_APP_SECRET, signedHeaders } from './n8nWebhookPath';

export type Stage = 'parsed' | 'validated';
export const STAGES: Stage[] = ['parsed', 'validated'];

function stageFn(d: Delivery, stage: Stage): SyncFn {
	const raw = d.raw;
	const headers = signedHeaders(raw);
	return () => {
		const parsed = readSignedBody(raw, headers, BENCH_APP_SECRET);
		if ('status' in parsed) throw new Error(`${d.name}: refused (${parsed.status})`);
		if (stage === 'validated') validateDelivery(parsed.body);
		keepDigits(parsed);
		return parsed;
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
