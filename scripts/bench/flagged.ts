/**
 * Growth with many validation findings per delivery: the work must stay linear in flagged
 * items (a quadratic step made 8,000 flagged messages block for ~20 s). Two shapes reachable
 * with a valid signature: one messages change whose every message carries a property the
 * schema does not know (one item each in message mode), and many account_update changes with
 * a new ban state (an enum inside a union, which the verdict resolves per change).
 */
import { createHmac } from 'crypto';

import type { OutputMode } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { DEFAULT_DELIVERY_OPTIONS, processDelivery } from './shipped';
import { fmtUs, pairSync, table } from './measure';
import { linearFit } from '../lib/stats';
import { BENCH_APP_SECRET, signedHeaders } from './n8nWebhookPath';

const SIZES = [10, 100, 1000, 10000];

interface Shape {
	name: string;
	mode: OutputMode;
	body: (n: number) => unknown;
}

const SHAPES: Shape[] = [
	{
		name: 'messages with an unknown property, one item each (message mode)',
		mode: 'message',
		body: (n) => ({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: {
									display_phone_number: '15550783881',
									phone_number_id: '106540352242922',
								},
								contacts: [{ profile: { name: 'Kerry Fisher' }, wa_id: '16315551234' }],
								messages: Array.from({ length: n }, (_, i) => ({
									from: '16315551234',
									id: `wamid.FLAGGED${String(i).padStart(6, '0')}`,
									timestamp: '1700000000',
									type: 'text',
									text: { body: 'hello' },
									brand_new_property: i,
								})),
							},
						},
					],
				},
			],
		}),
	},
	{
		name: 'account_update changes with a new ban state (change mode)',
		mode: 'change',
		body: (n) => ({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					time: 1700000000,
					changes: Array.from({ length: n }, () => ({
						field: 'account_update',
						value: {
							event: 'ACCOUNT_VIOLATION',
							ban_info: { waba_ban_state: 'BRAND_NEW_STATE', waba_ban_date: 'April 17, 2025' },
						},
					})),
				},
			],
		}),
	},
];

const fx = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'NaN');

export interface FlaggedGrowth {
	/** Per-item cost at 10,000 ÷ at 1,000 flagged items, per shape (1.00 = linear). */
	growth: number[];
}

/** Measures both shapes at 10 to 10,000 flagged items against the floor; prints a table and fits. */
export function flaggedGrowth(log: (text?: string) => void, quick: boolean): FlaggedGrowth {
	log('## Growth with flagged items: 10 to 10,000 validation findings in one delivery');
	log('(ours and the floor interleaved, medians; every item is delivered with its own finding)');
	log('');
	const growth: number[] = [];
	for (const shape of SHAPES) {
		const rows: string[][] = [];
		const times: number[] = [];
		const floors: number[] = [];
		for (const n of SIZES) {
			const raw = Buffer.from(JSON.stringify(shape.body(n)));
			const headers = signedHeaders(raw);
			const options = { ...DEFAULT_DELIVERY_OPTIONS, outputMode: shape.mode };
			const check = processDelivery(raw, headers, BENCH_APP_SECRET, options);
			const items = check.outputs?.[0] ?? [];
			const flagged = items.filter((i) => !i.validation.valid).length;
			if (check.status !== 200 || flagged !== n)
				throw new Error(
					`${shape.name} × ${n}: expected ${n} flagged items, got ${flagged} (status ${check.status})`,
				);
			const floor = () => {
				JSON.parse(raw.toString('utf8'));
				return createHmac('sha256', BENCH_APP_SECRET).update(raw).digest();
			};
			const ours = () => processDelivery(raw, headers, BENCH_APP_SECRET, options);
			const big = n >= 1000;
			const [f, o] = pairSync(floor, ours, {
				warmupMs: quick ? 20 : big ? 300 : 50,
				budgetMs: quick ? 200 : big ? 2000 : 300,
				minSamples: big ? 10 : 20,
				maxSamples: 2000,
				minSampleNs: big ? 0 : 100_000,
			});
			times.push(o.median);
			floors.push(f.median);
			rows.push([
				String(n),
				String(raw.length),
				fmtUs(f.median),
				fmtUs(o.median),
				fx(o.median / n / 1000, 3),
				fx(o.median / f.median) + '×',
			]);
		}
		const fit = linearFit(SIZES, times);
		const perItem = times.map((t, i) => t / SIZES[i]);
		const ratio = perItem[3] / perItem[2];
		// the floor parses the same bytes: on a loaded machine its own cost per byte jumps with size
		// (allocation, GC), and the ratio to it shows what is ours
		const againstFloor = times[3] / floors[3] / (times[2] / floors[2]);
		growth.push(ratio);
		log(`### ${shape.name}`);
		log('');
		log(
			table(
				['flagged items', 'bytes', 'floor µs', 'ours µs', 'µs per item', 'ratio to floor'],
				rows,
			),
		);
		log('');
		log(
			`linear fit: time = ${fmtUs(fit.intercept)} µs + ${fx(fit.slope / 1000, 3)} µs × items, R² = ${fx(fit.r2, 5)}; per-item cost at 10,000 ÷ at 1,000 = ${fx(ratio)} (1.00 = linear), ratio to floor at 10,000 ÷ at 1,000 = ${fx(againstFloor)}`,
		);
		log('');
	}
	return { growth };
}
