/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- tooling: runs outside n8n, not published */
/**
 * Turns the harness's inputs into deliveries: payload files (signed when sent), directories
 * of them, and NDJSON recordings whose lines are payloads or recorded deliveries (sent byte
 * for byte with their own headers).
 */
import * as fs from 'fs';
import * as path from 'path';

import { SIGNATURE_HEADER, signBody } from '../../../nodes/shared/webhook/signature';
import { isExpectationFile, loadExpectation, parseExpectation, type Expectation } from './expectations';

export type Headers = Record<string, string | string[]>;

export interface Delivery {
	/** `<path>` for a payload file, `<path>:<line>` for an NDJSON line (lines from 1). */
	source: string;
	name?: string;
	/** `payload`: signed with the harness's secret when sent; `recorded`: sent as recorded. */
	kind: 'payload' | 'recorded';
	headers: Headers;
	body: Buffer;
	expected?: Expectation;
	/** The webhook fields the body carries (for per-field counts); empty if it does not parse. */
	fields: string[];
	/** Set when the input itself is broken (a line that is not JSON, a malformed expectation). */
	error?: string;
}

/** A path on the command line that cannot be read: a usage error, not a failed delivery. */
export class InputError extends Error {}

/** What Meta sends with every delivery, besides the signature. */
export const PAYLOAD_HEADERS: Readonly<Headers> = Object.freeze({
	'content-type': 'application/json',
	'user-agent': 'facebookexternalua',
});

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The distinct `field`s of a delivery body, in order of appearance. */
export function fieldsOf(body: Buffer | string): string[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString().replace(/^\uFEFF/, ''));
	} catch {
		return [];
	}
	const fields = new Set<string>();
	if (isObject(parsed) && Array.isArray(parsed.entry)) {
		for (const entry of parsed.entry) {
			if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
			for (const change of entry.changes) if (isObject(change) && typeof change.field === 'string') fields.add(change.field);
		}
	}
	return [...fields];
}

/** The headers to send a delivery with: a payload gets Meta's headers and a signature. */
export function headersFor(delivery: Delivery, secret: string | undefined): Headers {
	if (delivery.kind === 'recorded') return delivery.headers;
	if (secret === undefined) throw new Error(`${delivery.source}: a plain payload needs a secret to be signed`);
	return { ...delivery.headers, [SIGNATURE_HEADER]: signBody(delivery.body, secret) };
}

/** Signs every plain payload in place (recorded deliveries keep their headers). */
export function signDeliveries(deliveries: Delivery[], secret: string): Delivery[] {
	for (const d of deliveries) d.headers = headersFor(d, secret);
	return deliveries;
}

function payloadFile(file: string): Delivery {
	const body = fs.readFileSync(file);
	const delivery: Delivery = { source: file, kind: 'payload', headers: { ...PAYLOAD_HEADERS }, body, fields: fieldsOf(body) };
	try {
		const expected = loadExpectation(file);
		if (expected) delivery.expected = expected;
	} catch (error) {
		delivery.error = (error as Error).message;
	}
	return delivery;
}

function readHeaders(raw: unknown): Headers | string {
	if (!isObject(raw)) return '"headers" must be an object';
	const headers: Headers = {};
	for (const [name, value] of Object.entries(raw)) {
		if (typeof value === 'string') headers[name] = value;
		else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) headers[name] = value as string[];
		else return `header "${name}" must be a string or an array of strings`;
	}
	return headers;
}

/** One NDJSON line: a recorded delivery (`headers` + `body`/`bodyBase64`) or a plain payload. */
function ndjsonLine(bytes: Buffer, source: string): Delivery {
	const broken = (error: string): Delivery => ({ source, kind: 'recorded', headers: {}, body: Buffer.alloc(0), fields: [], error });
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		return broken(`line is not JSON: ${(error as Error).message}`);
	}
	if (!isObject(parsed) || !('headers' in parsed)) {
		// a payload: the line's own bytes are the body, signed when sent
		return { source, kind: 'payload', headers: { ...PAYLOAD_HEADERS }, body: Buffer.from(bytes), fields: fieldsOf(bytes) };
	}
	const headers = readHeaders(parsed.headers);
	if (typeof headers === 'string') return broken(headers);
	let body: Buffer;
	if (typeof parsed.body === 'string') body = Buffer.from(parsed.body, 'utf8');
	else if (typeof parsed.bodyBase64 === 'string') body = Buffer.from(parsed.bodyBase64, 'base64');
	else return broken('a recorded delivery needs "body" (string) or "bodyBase64"');
	const delivery: Delivery = { source, kind: 'recorded', headers, body, fields: fieldsOf(body) };
	if (typeof parsed.name === 'string') delivery.name = parsed.name;
	if (parsed.expect !== undefined) {
		try {
			delivery.expected = parseExpectation(parsed.expect, `${source}: "expect"`);
		} catch (error) {
			delivery.error = (error as Error).message;
		}
	}
	return delivery;
}

/** Splits NDJSON bytes into deliveries; blank lines are skipped, CRLF is accepted. */
export function parseNdjson(content: Buffer | string, file: string): Delivery[] {
	const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	const deliveries: Delivery[] = [];
	let start = 0;
	let line = 0;
	while (start <= buffer.length) {
		let end = buffer.indexOf(0x0a, start);
		if (end === -1) end = buffer.length;
		line++;
		let bytes = buffer.subarray(start, end);
		if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
		if (bytes.toString('utf8').trim() !== '') deliveries.push(ndjsonLine(bytes, `${file}:${line}`));
		start = end + 1;
	}
	return deliveries;
}

const isNdjson = (file: string) => /\.(ndjson|jsonl)$/i.test(file);

function walk(dir: string): string[] {
	const files: string[] = [];
	const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const entry of entries) {
		if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...walk(full));
		else if (entry.isFile() && (isNdjson(entry.name) || (/\.json$/i.test(entry.name) && !isExpectationFile(entry.name)))) files.push(full);
	}
	return files;
}

/**
 * Enumerates inputs into deliveries, in command-line order (directories walked recursively in
 * name order; `*.expected.json` files are expectations, not payloads). With `secret`, plain
 * payloads are signed right away. Throws InputError for a path that does not exist.
 */
export function enumerateInputs(paths: readonly string[], options: { secret?: string } = {}): Delivery[] {
	const deliveries: Delivery[] = [];
	for (const p of paths) {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(p);
		} catch {
			throw new InputError(`no such file or directory: ${p}`);
		}
		const files = stat.isDirectory() ? walk(p) : [p];
		if (!stat.isDirectory() && isExpectationFile(p)) throw new InputError(`${p} is an expectation; give the payload beside it`);
		for (const file of files) {
			if (isNdjson(file)) deliveries.push(...parseNdjson(fs.readFileSync(file), file));
			else deliveries.push(payloadFile(file));
		}
	}
	if (options.secret !== undefined) signDeliveries(deliveries, options.secret);
	return deliveries;
}
