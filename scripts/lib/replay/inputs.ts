/**
 * Turns the harness's inputs into deliveries: payload files (signed when sent), directories
 * of them, and NDJSON recordings whose lines are payloads or recorded deliveries (sent byte
 * for byte with their own headers).
 */
import * as fs from 'fs';

import { SIGNATURE_HEADER, signBody } from '../../../nodes/shared/webhook/signature';
import {
	deliveryFiles,
	isExpectationFile,
	parseNdjson as parseStoredNdjson,
	readDeliveries,
	type Headers,
	type StoredDelivery,
} from '../fixtures';
import { loadExpectation, parseExpectation, type Expectation } from './expectations';
import { isObject } from '../isObject';

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
const PAYLOAD_HEADERS: Readonly<Headers> = Object.freeze({
	'content-type': 'application/json',
	'user-agent': 'facebookexternalua',
});

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
			for (const change of entry.changes)
				if (isObject(change) && typeof change.field === 'string') fields.add(change.field);
		}
	}
	return [...fields];
}

/** The headers to send a delivery with: a payload gets Meta's headers and a signature. */
export function headersFor(delivery: Delivery, secret: string | undefined): Headers {
	if (delivery.kind === 'recorded') return delivery.headers;
	if (secret === undefined)
		throw new Error(`${delivery.source}: a plain payload needs a secret to be signed`);
	return { ...delivery.headers, [SIGNATURE_HEADER]: signBody(delivery.body, secret) };
}

/** Signs every plain payload in place (recorded deliveries keep their headers). */
function signDeliveries(deliveries: Delivery[], secret: string): Delivery[] {
	for (const d of deliveries) d.headers = headersFor(d, secret);
	return deliveries;
}

/** A stored delivery as the harness sends it: Meta's headers on a payload, the expectation checked. */
function toDelivery(stored: StoredDelivery): Delivery {
	const { source, name, kind, body, error } = stored;
	const headers = kind === 'payload' ? { ...PAYLOAD_HEADERS } : stored.headers;
	const delivery: Delivery = {
		source,
		kind,
		headers,
		body,
		fields: error === undefined ? fieldsOf(body) : [],
	};
	if (name !== undefined) delivery.name = name;
	if (error !== undefined) {
		delivery.error = error;
		return delivery;
	}
	try {
		if (stored.expect !== undefined)
			delivery.expected = parseExpectation(stored.expect, `${source}: "expect"`);
		else if (kind === 'payload' && stored.source === stored.file) {
			const expected = loadExpectation(stored.file);
			if (expected) delivery.expected = expected;
		}
	} catch (err) {
		delivery.error = (err as Error).message;
	}
	return delivery;
}

/** Splits NDJSON bytes into deliveries; blank lines are skipped, CRLF is accepted. */
export function parseNdjson(content: Buffer | string, file: string): Delivery[] {
	return parseStoredNdjson(content, file).map(toDelivery);
}

/**
 * Enumerates inputs into deliveries, in command-line order (directories walked recursively in
 * name order; `*.expected.json` files are expectations, not payloads). With `secret`, plain
 * payloads are signed right away. Throws InputError for a path that does not exist.
 */
export function enumerateInputs(
	paths: readonly string[],
	options: { secret?: string } = {},
): Delivery[] {
	const deliveries: Delivery[] = [];
	for (const p of paths) {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(p);
		} catch {
			throw new InputError(`no such file or directory: ${p}`);
		}
		if (!stat.isDirectory() && isExpectationFile(p))
			throw new InputError(`${p} is an expectation; give the payload beside it`);
		const files = stat.isDirectory() ? deliveryFiles(p) : [p];
		for (const file of files) deliveries.push(...readDeliveries(file).map(toDelivery));
	}
	if (options.secret !== undefined) signDeliveries(deliveries, options.secret);
	return deliveries;
}
