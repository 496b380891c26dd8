/**
 * Signed deliveries shaped to make the trigger's work grow faster than their size (issue 23,
 * finding 4), and how time and retained heap grow when the size is multiplied by 4: about 4 is
 * linear, about 16 quadratic. Shared by the jest suite and `npm run reliability`.
 */
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';

import {
	DEFAULT_DELIVERY_OPTIONS,
	type DeliveryOptions,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { singleEntryBody } from '../lib/deliveries';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { DeliveryResult } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import { signBody } from '../../nodes/shared/webhook/signature';

export interface BoundedShape {
	name: string;
	/** The delivery for size n (n grows its hostile dimension; the body grows linearly with n). */
	build(n: number, marker: string): Record<string, unknown>;
	options: DeliveryOptions;
}

/** A delivery of one messages change with these contacts and messages. */
export function messagesDeliveryOf(
	marker: string,
	contacts: unknown[],
	messages: unknown[],
): Record<string, unknown> {
	const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
	const change = {
		field: 'messages',
		value: { messaging_product: 'whatsapp', metadata, contacts, messages },
	};
	return { ...singleEntryBody([change], { id: marker, time: 1700000000 }) };
}

/** Integer literals beyond 2^53, exact (plain digits) and inexact (a fraction after 19 digits), at the bottom of `depth` arrays. */
export function deepBigIntegers(depth: number, count: number): string {
	const literals = Array.from(
		{ length: count },
		(_, i) => `${9007199254740993000n + BigInt(i)}${i % 2 ? '.5' : ''}`,
	);
	return '['.repeat(depth) + literals.join(',') + ']'.repeat(depth);
}

export const BOUNDED_SHAPES: BoundedShape[] = [
	{
		name: 'deep nesting + many big integers (n levels, n integers beyond 2^53, half inexact)',
		// the value is spliced in as text: JSON.stringify would write the big integers rounded
		build: (n, marker) => ({ $raw: deepBigIntegers(n, n), marker }),
		options: DEFAULT_DELIVERY_OPTIONS,
	},
	{
		name: 'n unknown top-level keys x n flagged changes',
		build: (n, marker) => {
			const delivery: Record<string, unknown> = { object: 'whatsapp_business_account' };
			for (let i = 0; i < n; i++) delivery[`k${i}`] = i;
			delivery.entry = [
				{
					id: marker,
					time: 1700000000,
					changes: Array.from({ length: n }, (_, i) => ({
						field: 'account_update',
						value: { event: 'VERIFIED_ACCOUNT', unexpected: i },
					})),
				},
			];
			return delivery;
		},
		options: DEFAULT_DELIVERY_OPTIONS,
	},
	{
		name: 'n flagged contacts x n flagged messages (One Item per Message)',
		build: (n, marker) =>
			messagesDeliveryOf(
				marker,
				Array.from({ length: n }, (_, i) => ({
					profile: { name: `c${i}` },
					wa_id: String(16505550000 + i),
					unexpected: i,
				})),
				Array.from({ length: n }, (_, i) => ({
					from: String(16505550000 + i),
					id: `wamid.bounded.${i}`,
					timestamp: '1700000000',
					type: 'text',
					text: { body: 'x' },
					unexpected: i,
				})),
			),
		options: { ...DEFAULT_DELIVERY_OPTIONS, outputMode: 'message' },
	},
];

/** The delivery's bytes: JSON, with the deep shape's raw text spliced into an account_update value. */
export function boundedBody(shape: BoundedShape, n: number, marker = '880000000000999'): Buffer {
	const built = shape.build(n, marker);
	if (typeof built.$raw !== 'string') return Buffer.from(JSON.stringify(built));
	return Buffer.from(
		`{"object":"whatsapp_business_account","entry":[{"id":"${marker}","time":1700000000,"changes":[{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT","nested":${built.$raw}}}]}]}`,
	);
}

let collect: (() => void) | undefined;
/** A full garbage collection (V8's gc, exposed at run time), so that retained heap can be read. */
function gc(): void {
	if (!collect) {
		v8.setFlagsFromString('--expose-gc');
		collect = vm.runInNewContext('gc') as () => void;
	}
	collect();
}

export interface BoundedMeasure {
	n: number;
	bytes: number;
	/** Fastest of the runs. */
	ms: number;
	/** Heap the result (items and all) holds after a full collection. */
	retainedBytes: number;
	items: number;
	status: number;
}

/** Runs the trigger's POST path on the shape at size n (`runs` times) and measures it. */
function measureShape(shape: BoundedShape, n: number, secret: string, runs = 3): BoundedMeasure {
	const body = boundedBody(shape, n);
	const headers = { 'x-hub-signature-256': signBody(body, secret) };
	let ms = Infinity;
	const retained: number[] = [];
	let result: DeliveryResult | undefined;
	let items = 0;
	let status = 0;
	for (let run = 0; run < runs; run++) {
		gc();
		const started = performance.now();
		result = processDelivery(body, headers, secret, shape.options);
		ms = Math.min(ms, performance.now() - started);
		items = result.outputs ? result.outputs[0].length + result.outputs[1].length : 0;
		status = result.status;
		// what the result holds: the heap with it, then without it, each after a full collection
		gc();
		const withResult = process.memoryUsage().heapUsed;
		result = undefined;
		gc();
		retained.push(withResult - process.memoryUsage().heapUsed);
	}
	retained.sort((a, b) => a - b);
	return {
		n,
		bytes: body.length,
		ms,
		retainedBytes: Math.max(0, retained[retained.length >> 1]),
		items,
		status,
	};
}

/** How much larger the second size is: wide enough apart that noise cannot pass quadratic for linear. */
export const GROWTH_FACTOR = 4;

export interface BoundedGrowth {
	small: BoundedMeasure;
	large: BoundedMeasure;
	/** large / small: about GROWTH_FACTOR when the work is linear in n, its square when quadratic. */
	timeRatio: number;
	heapRatio: number;
}

/** The shape at n and GROWTH_FACTOR × n, in one run. */
export function growth(shape: BoundedShape, n: number, secret: string): BoundedGrowth {
	measureShape(shape, Math.max(1, Math.floor(n / 4)), secret, 1); // warm-up: compiled code, validators
	const small = measureShape(shape, n, secret, 5);
	const large = measureShape(shape, GROWTH_FACTOR * n, secret, 5);
	return {
		small,
		large,
		timeRatio: large.ms / small.ms,
		heapRatio: large.retainedBytes / Math.max(1, small.retainedBytes),
	};
}

/** Sizes at which each shape is measured: big enough that the old quadratic work would show (seconds, hundreds of MB). */
export const BOUNDED_SIZES = [2000, 1000, 1000];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** One report line per shape. */
export function describeGrowth(shape: BoundedShape, g: BoundedGrowth): string {
	const side = (m: BoundedMeasure) =>
		`n=${m.n}: ${kib(m.bytes)} body, ${m.ms.toFixed(1)} ms, ${kib(m.retainedBytes)} heap held, ${m.items} items, HTTP ${m.status}`;
	return `${shape.name}\n    ${side(g.small)}\n    ${side(g.large)}\n    growth for ${GROWTH_FACTOR}x n: time x${g.timeRatio.toFixed(2)}, heap x${g.heapRatio.toFixed(2)} (linear ~${GROWTH_FACTOR}, quadratic ~${GROWTH_FACTOR ** 2})`;
}
