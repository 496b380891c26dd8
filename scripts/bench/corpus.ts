/**
 * The benchmark's deliveries: every fixture as it is on disk (minified, as Meta sends it),
 * and generated `messages` batches of 1, 10, 100 and 1000 changes whose largest is about
 * 1 MB. Generated changes are the messages fixtures (every message kind and status), taken
 * round-robin with fresh wamids; text bodies are lengthened so that the 1000-change batch
 * weighs about 1 MB (Meta allows 4096 characters). Deterministic: same bytes every run.
 */
import * as fs from 'fs';
import * as path from 'path';

import { validateDelivery } from '../../nodes/shared/generated/validators';
import { singleEntryBody, type WebhookChange } from '../lib/deliveries';
import {
	FIXTURES_DIR,
	fixtureName,
	loadDeliveries,
	minifyJson,
	parseKeepingDigits,
	payloadFiles,
} from '../lib/fixtures';

export interface Delivery {
	name: string;
	group: 'fixture' | 'generated';
	/** Number of changes in the delivery. */
	changes: number;
	raw: Buffer;
}

type Json = Record<string, unknown>;

const countChanges = (body: unknown): number => {
	const entry = (body as { entry?: unknown }).entry;
	if (!Array.isArray(entry)) return 0;
	return entry.reduce(
		(n: number, e: { changes?: unknown }) => n + (Array.isArray(e?.changes) ? e.changes.length : 0),
		0,
	);
};

/**
 * Every fixture delivery under `dir`: the payload files (minified, digits as stored) and the
 * deliveries of NDJSON recordings (their bodies as recorded, malformed ones included).
 */
export function fixtureDeliveries(dir = FIXTURES_DIR): Delivery[] {
	return loadDeliveries(dir)
		.filter((stored) => stored.error === undefined)
		.map((stored) => {
			const name =
				stored.source === stored.file
					? fixtureName(stored.file, dir)
					: `${fixtureName(stored.file, dir)}#${stored.name ?? stored.source.slice(stored.file.length + 1)}`;
			let changes = 0;
			try {
				changes = countChanges(JSON.parse(stored.body.toString('utf8')));
			} catch {
				/* a recorded malformed body: still a delivery */
			}
			const raw =
				stored.kind === 'payload' && stored.source === stored.file
					? minifyJson(stored.body)
					: stored.body;
			return { name, group: 'fixture' as const, changes, raw };
		});
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const WORDS =
	'order status delivery please thanks hello when where tomorrow invoice refund payment address change help price product available size colour return'.split(
		' ',
	);

/** The `messages` changes of the valid messages fixtures, as text: each use parses its own copy, digits kept. */
function messageTemplates(fixturesDir: string): string[] {
	const templates: string[] = [];
	for (const file of payloadFiles(path.join(fixturesDir, 'webhooks', 'messages'))) {
		const raw = fs.readFileSync(file);
		if (!validateDelivery(JSON.parse(raw.toString('utf8')))) continue;
		const body = parseKeepingDigits(raw) as { entry: Array<{ changes: Json[] }> };
		for (const e of body.entry)
			for (const c of e.changes) if (c.field === 'messages') templates.push(JSON.stringify(c));
	}
	if (!templates.length) throw new Error('no valid messages fixtures to build batches from');
	return templates;
}

/** Gives every message and status of a change fresh wamids, so each change is distinct. */
function freshIds(change: Json, n: number): void {
	const value = change.value as Json;
	for (const list of ['messages', 'statuses'] as const) {
		const items = value[list];
		if (!Array.isArray(items)) continue;
		items.forEach((item: Json, k: number) => {
			if (typeof item.id === 'string')
				item.id = `wamid.BENCH${String(n).padStart(6, '0')}${list[0]}${k}${'0'.repeat(20)}`;
		});
	}
}

function textOf(change: Json): Json | null {
	const messages = (change.value as Json).messages;
	if (!Array.isArray(messages) || !messages.length) return null;
	const text = (messages[0] as Json).text;
	return text && typeof text === 'object' && typeof (text as Json).body === 'string'
		? (text as Json)
		: null;
}

const TARGET_1000 = 1_000_000;

/** A `messages` delivery of `count` changes (one entry, as Meta batches one WABA's changes). */
export function generatedBatch(count: number, fixturesDir = FIXTURES_DIR): Delivery {
	const templates = messageTemplates(fixturesDir);
	const random = prng(0x5eed);
	const changes: Json[] = [];
	for (let i = 0; i < count; i++) {
		const change = parseKeepingDigits(templates[i % templates.length]) as Json;
		freshIds(change, i);
		changes.push(change);
	}
	// Lengthen text bodies so that 1000 changes weigh about TARGET_1000 bytes (same mean per change at every size).
	const baseline = (() => {
		const all: Json[] = [];
		for (let i = 0; i < 1000; i++)
			all.push(parseKeepingDigits(templates[i % templates.length]) as Json);
		return Buffer.byteLength(JSON.stringify(all));
	})();
	const texts = templates.filter((t) => textOf(parseKeepingDigits(t) as Json)).length;
	const extraPerText = Math.max(
		0,
		Math.round((TARGET_1000 - baseline) / ((1000 * texts) / templates.length)),
	);
	for (const change of changes) {
		const text = textOf(change);
		if (!text) continue;
		let body = String(text.body);
		const want = body.length + Math.round(extraPerText * (0.5 + random()));
		while (body.length < want) body += ' ' + WORDS[Math.floor(random() * WORDS.length)];
		text.body = body.slice(0, Math.min(want, 4096));
	}
	const delivery = singleEntryBody(changes as unknown as WebhookChange[], { time: 1749420050 });
	const raw = Buffer.from(JSON.stringify(delivery));
	if (!validateDelivery(JSON.parse(raw.toString('utf8'))))
		throw new Error(
			`generated batch of ${count} does not validate: ${JSON.stringify(validateDelivery.errors?.slice(0, 3))}`,
		);
	return { name: `messages × ${count}`, group: 'generated', changes: count, raw };
}
