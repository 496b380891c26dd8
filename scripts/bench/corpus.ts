/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tooling: runs outside n8n, not published */
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

export interface Delivery {
	name: string;
	group: 'fixture' | 'generated';
	/** Number of changes in the delivery. */
	changes: number;
	raw: Buffer;
}

type Json = Record<string, unknown>;

/** The repository root, found from this file whether it runs from scripts/ or dist/scripts/. */
export function repoRoot(): string {
	let dir = __dirname;
	for (let i = 0; i < 6; i++) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'fixtures'))) return dir;
		dir = path.dirname(dir);
	}
	throw new Error(`cannot find the repository root from ${__dirname}`);
}

function walk(dir: string): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(full));
		else out.push(full);
	}
	return out;
}

const countChanges = (body: unknown): number => {
	const entry = (body as { entry?: unknown }).entry;
	if (!Array.isArray(entry)) return 0;
	return entry.reduce((n: number, e: { changes?: unknown }) => n + (Array.isArray(e?.changes) ? e.changes.length : 0), 0);
};

/** Every fixture delivery: `fixtures/**\/*.json` but not `*.expected.json`, plus recorded ndjson bodies. */
export function fixtureDeliveries(root = repoRoot()): Delivery[] {
	const dir = path.join(root, 'fixtures');
	const out: Delivery[] = [];
	for (const file of walk(dir)) {
		const rel = path.relative(dir, file);
		if (file.endsWith('.json') && !file.endsWith('.expected.json')) {
			const body = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
			out.push({ name: rel, group: 'fixture', changes: countChanges(body), raw: Buffer.from(JSON.stringify(body)) });
		} else if (file.endsWith('.ndjson')) {
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.filter((line) => line.trim())
				.forEach((line, i) => {
					const record = JSON.parse(line) as { name?: string; body?: string };
					if (typeof record.body !== 'string') return;
					let changes = 0;
					try {
						changes = countChanges(JSON.parse(record.body));
					} catch {
						/* a recorded malformed body: still a delivery */
					}
					out.push({ name: `${rel}#${record.name ?? i + 1}`, group: 'fixture', changes, raw: Buffer.from(record.body) });
				});
		}
	}
	return out;
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

const WORDS = 'order status delivery please thanks hello when where tomorrow invoice refund payment address change help price product available size colour return'.split(' ');

/** The `messages` changes of the valid messages fixtures, used as templates. */
function messageTemplates(root: string): Json[] {
	const dir = path.join(root, 'fixtures', 'webhooks', 'messages');
	const templates: Json[] = [];
	for (const file of fs.readdirSync(dir).sort()) {
		if (!file.endsWith('.json') || file.endsWith('.expected.json')) continue;
		const body = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { entry: Array<{ changes: Json[] }> };
		if (!validateDelivery(body)) continue;
		for (const e of body.entry) for (const c of e.changes) if (c.field === 'messages') templates.push(c);
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
			if (typeof item.id === 'string') item.id = `wamid.BENCH${String(n).padStart(6, '0')}${list[0]}${k}${'0'.repeat(20)}`;
		});
	}
}

function textOf(change: Json): Json | null {
	const messages = (change.value as Json).messages;
	if (!Array.isArray(messages) || !messages.length) return null;
	const text = (messages[0] as Json).text;
	return text && typeof text === 'object' && typeof (text as Json).body === 'string' ? (text as Json) : null;
}

const TARGET_1000 = 1_000_000;

/** A `messages` delivery of `count` changes (one entry, as Meta batches one WABA's changes). */
export function generatedBatch(count: number, root = repoRoot()): Delivery {
	const templates = messageTemplates(root);
	const random = prng(0x5eed);
	const changes: Json[] = [];
	for (let i = 0; i < count; i++) {
		const change = structuredClone(templates[i % templates.length]);
		freshIds(change, i);
		changes.push(change);
	}
	// Lengthen text bodies so that 1000 changes weigh about TARGET_1000 bytes (same mean per change at every size).
	const baseline = (() => {
		const all: Json[] = [];
		for (let i = 0; i < 1000; i++) all.push(templates[i % templates.length]);
		return Buffer.byteLength(JSON.stringify(all));
	})();
	const texts = templates.filter((t) => textOf(t)).length;
	const extraPerText = Math.max(0, Math.round((TARGET_1000 - baseline) / ((1000 * texts) / templates.length)));
	for (const change of changes) {
		const text = textOf(change);
		if (!text) continue;
		let body = String(text.body);
		const want = body.length + Math.round(extraPerText * (0.5 + random()));
		while (body.length < want) body += ' ' + WORDS[Math.floor(random() * WORDS.length)];
		text.body = body.slice(0, Math.min(want, 4096));
	}
	const delivery = {
		object: 'whatsapp_business_account',
		entry: [{ id: '102290129340398', time: 1749420050, changes }],
	};
	if (!validateDelivery(delivery)) throw new Error(`generated batch of ${count} does not validate: ${JSON.stringify(validateDelivery.errors?.slice(0, 3))}`);
	return { name: `messages × ${count}`, group: 'generated', changes: count, raw: Buffer.from(JSON.stringify(delivery)) };
}
