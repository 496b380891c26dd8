/**
 * The one fixture loader of the tooling and the tests: deliveries as they are stored, byte for
 * byte. A payload file (`*.json`, not `*.expected.json`) is one delivery whose body is the
 * file's bytes; an NDJSON recording (`*.ndjson`, `*.jsonl`) holds one delivery a line, either
 * a plain payload (the line's bytes) or a recorded delivery (`headers` with `body` or
 * `bodyBase64`, sent as recorded). Nothing is re-serialized on the way, so an integer beyond
 * 2^53 keeps its digits, as it does in the product. Parsed views come from parseKeepingDigits.
 */
import * as fs from 'fs';
import * as path from 'path';

import { fromRoot } from './repoRoot';
import { relativePosix, walkFiles } from './walk';
import { isObject } from './isObject';

export const FIXTURES_DIR = fromRoot('fixtures');

export type Headers = Record<string, string | string[]>;

export interface StoredDelivery {
	/** `<file>` for a payload file, `<file>:<line>` for an NDJSON line (lines from 1). */
	source: string;
	file: string;
	/** The recording's `name`, if it gave one. */
	name?: string;
	/** `payload`: a body to sign and send; `recorded`: sent with its own headers. */
	kind: 'payload' | 'recorded';
	/** A recorded delivery's headers; empty for a payload. */
	headers: Headers;
	/** The body's bytes exactly as stored. */
	body: Buffer;
	/** A recorded line's `expect`, not yet checked (the replay harness reads it). */
	expect?: unknown;
	/** Set when the stored input is broken (an NDJSON line that is not JSON, bad headers). */
	error?: string;
}

export const isExpectationFile = (file: string): boolean => /\.expected\.json$/i.test(file);
const isNdjsonFile = (file: string): boolean => /\.(ndjson|jsonl)$/i.test(file);
const isPayloadFile = (file: string): boolean => /\.json$/i.test(file) && !isExpectationFile(file);

/** The files under `dir` that hold deliveries (payload files and NDJSON recordings), in name order. */
export function deliveryFiles(dir: string): string[] {
	return walkFiles(dir, (name) => isPayloadFile(name) || isNdjsonFile(name));
}

/** The payload files under `dir`, in name order. */
export function payloadFiles(dir: string): string[] {
	return walkFiles(dir, isPayloadFile);
}

function readHeaders(raw: unknown): Headers | string {
	if (!isObject(raw)) return '"headers" must be an object';
	const headers: Headers = {};
	for (const [name, value] of Object.entries(raw)) {
		if (typeof value === 'string') headers[name] = value;
		else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
			headers[name] = value as string[];
		else return `header "${name}" must be a string or an array of strings`;
	}
	return headers;
}

/** One NDJSON line: a recorded delivery (`headers` + `body`/`bodyBase64`) or a plain payload. */
function ndjsonLine(bytes: Buffer, file: string, source: string): StoredDelivery {
	const broken = (error: string): StoredDelivery => ({
		source,
		file,
		kind: 'recorded',
		headers: {},
		body: Buffer.alloc(0),
		error,
	});
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		return broken(`line is not JSON: ${(error as Error).message}`);
	}
	// a payload: the line's own bytes are the body
	if (!isObject(parsed) || !('headers' in parsed))
		return { source, file, kind: 'payload', headers: {}, body: Buffer.from(bytes) };
	const headers = readHeaders(parsed.headers);
	if (typeof headers === 'string') return broken(headers);
	let body: Buffer;
	if (typeof parsed.body === 'string') body = Buffer.from(parsed.body, 'utf8');
	else if (typeof parsed.bodyBase64 === 'string') body = Buffer.from(parsed.bodyBase64, 'base64');
	else return broken('a recorded delivery needs "body" (string) or "bodyBase64"');
	const delivery: StoredDelivery = { source, file, kind: 'recorded', headers, body };
	if (typeof parsed.name === 'string') delivery.name = parsed.name;
	if (parsed.expect !== undefined) delivery.expect = parsed.expect;
	return delivery;
}

/** Splits NDJSON bytes into deliveries; blank lines are skipped, CRLF is accepted. */
export function parseNdjson(content: Buffer | string, file: string): StoredDelivery[] {
	const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	const deliveries: StoredDelivery[] = [];
	let start = 0;
	let line = 0;
	while (start <= buffer.length) {
		let end = buffer.indexOf(0x0a, start);
		if (end === -1) end = buffer.length;
		line++;
		let bytes = buffer.subarray(start, end);
		if (bytes.length && bytes[bytes.length - 1] === 0x0d)
			bytes = bytes.subarray(0, bytes.length - 1);
		if (bytes.toString('utf8').trim() !== '')
			deliveries.push(ndjsonLine(bytes, file, `${file}:${line}`));
		start = end + 1;
	}
	return deliveries;
}

/** The deliveries one file holds: one for a payload file, one a line for NDJSON. */
export function readDeliveries(file: string): StoredDelivery[] {
	const bytes = fs.readFileSync(file);
	if (isNdjsonFile(file)) return parseNdjson(bytes, file);
	return [{ source: file, file, kind: 'payload', headers: {}, body: bytes }];
}

/** Every delivery stored under `dir` (fixtures/ by default), in file-name order. */
export function loadDeliveries(dir = FIXTURES_DIR): StoredDelivery[] {
	return deliveryFiles(dir).flatMap(readDeliveries);
}

/** `file` relative to fixtures/ (or `dir`), with forward slashes. */
export function fixtureName(file: string, dir = FIXTURES_DIR): string {
	return relativePosix(dir, file);
}

/** The bytes of one fixture file: `fixture('webhooks/messages/text.json')`. */
export function fixtureBytes(relative: string, dir = FIXTURES_DIR): Buffer {
	return fs.readFileSync(path.join(dir, relative));
}

type ReviverContext = { source?: string };

/**
 * A parsed view of a body that can be changed and serialized again without losing digits: an
 * integer beyond 2^53 is kept as its source text (JSON.rawJSON), which JSON.stringify writes
 * back as it was. (Reading such a value as a number is what loses the digits; don't.)
 */
export function parseKeepingDigits(body: Buffer | string): unknown {
	const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
	return JSON.parse(body.toString().replace(/^\uFEFF/, ''), function (
		_key: string,
		value: unknown,
		context?: ReviverContext,
	) {
		if (
			typeof value === 'number' &&
			!Number.isSafeInteger(value) &&
			context?.source !== undefined &&
			/^-?\d+$/.test(context.source)
		) {
			return rawJSON(context.source);
		}
		return value;
	} as (this: unknown, key: string, value: unknown) => unknown);
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The body as Meta sends it, without the whitespace between tokens (fixtures are stored
 * indented for reading). Works on the bytes, so every number and string stays as written.
 */
export function minifyJson(body: Buffer): Buffer {
	const out = Buffer.allocUnsafe(body.length);
	let n = 0;
	let inString = false;
	for (let i = 0; i < body.length; i++) {
		const byte = body[i];
		if (inString) {
			out[n++] = byte;
			if (byte === 0x5c)
				out[n++] = body[++i]; // backslash: the next byte is escaped
			else if (byte === 0x22) inString = false;
		} else if (!WHITESPACE.has(byte)) {
			out[n++] = byte;
			if (byte === 0x22) inString = true;
		}
	}
	return Buffer.from(out.subarray(0, n));
}
