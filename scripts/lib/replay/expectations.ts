/**
 * Expectations (`<name>.expected.json`, or a recorded line's `expect`) and the comparison of
 * what the trigger produced against them. No n8n here: the end-to-end test uses these to
 * check items it reads back from a running n8n's executions.
 */
import * as fs from 'fs';

import { isObject } from '../isObject';

/** One expected validation finding: where (JSON pointer from the delivery root) and what kind. */
export interface ExpectedError {
	path: string;
	kind: string;
}

/** The keys of an item an expectation can pin; keys left out are not compared. */
export interface ExpectedItem {
	field?: string;
	wabaId?: string;
	time?: number | null;
	event?: string | null;
	valid?: boolean;
	errors?: ExpectedError[];
	/** Whether the item says it is Meta's App Dashboard sample (`test: true`); absent on the item counts as false. */
	test?: boolean;
	/** A sample's departures from the schemas, reported as information (`validation.info`). */
	info?: ExpectedError[];
}

export interface Expectation {
	/** HTTP status the trigger must answer; 200 when left out. */
	status: number;
	/** Items in output order; an empty list means "no execution". */
	items: ExpectedItem[];
	reproduces?: string;
	corrections?: string[];
}

/** The name of the expectation file beside a payload file (`x.json` → `x.expected.json`). */
function expectationPathFor(payloadPath: string): string {
	return payloadPath.replace(/\.json$/i, '') + '.expected.json';
}

/**
 * Checks and normalises an expectation object (from a file or a recorded line's `expect`).
 * Throws with a readable reason when it is malformed, so a typo in a fixture is a failure
 * rather than a silently weaker check.
 */
export function parseExpectation(raw: unknown, where: string): Expectation {
	if (!isObject(raw)) throw new Error(`${where}: expectation must be a JSON object`);
	const status = raw.status === undefined ? 200 : raw.status;
	if (typeof status !== 'number' || !Number.isInteger(status))
		throw new Error(`${where}: "status" must be an integer`);
	if (!Array.isArray(raw.items)) throw new Error(`${where}: "items" must be an array`);
	const items = raw.items.map((item, i): ExpectedItem => {
		if (!isObject(item)) throw new Error(`${where}: items[${i}] must be an object`);
		const out: ExpectedItem = {};
		if ('field' in item) out.field = item.field as string;
		if ('wabaId' in item) out.wabaId = item.wabaId as string;
		if ('time' in item) out.time = item.time as number | null;
		if ('event' in item) out.event = item.event as string | null;
		if ('valid' in item) {
			if (typeof item.valid !== 'boolean')
				throw new Error(`${where}: items[${i}].valid must be a boolean`);
			out.valid = item.valid;
		}
		if ('errors' in item) out.errors = parseFindings(item.errors, `${where}: items[${i}].errors`);
		if ('test' in item) {
			if (typeof item.test !== 'boolean')
				throw new Error(`${where}: items[${i}].test must be a boolean`);
			out.test = item.test;
		}
		if ('info' in item) out.info = parseFindings(item.info, `${where}: items[${i}].info`);
		return out;
	});
	const expectation: Expectation = { status, items };
	if (typeof raw.reproduces === 'string') expectation.reproduces = raw.reproduces;
	if (Array.isArray(raw.corrections)) expectation.corrections = raw.corrections.map(String);
	return expectation;
}

function parseFindings(list: unknown, where: string): ExpectedError[] {
	if (!Array.isArray(list)) throw new Error(`${where} must be an array`);
	return list.map((e, j) => {
		if (!isObject(e) || typeof e.path !== 'string' || typeof e.kind !== 'string') {
			throw new Error(`${where}[${j}] must be { "path": string, "kind": string }`);
		}
		return { path: e.path, kind: e.kind };
	});
}

/** Reads an `.expected.json` file. */
function readExpectationFile(file: string): Expectation {
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		throw new Error(`${file}: ${(error as Error).message}`);
	}
	return parseExpectation(raw, file);
}

/** The expectation beside a payload file, or undefined when it has none. */
export function loadExpectation(payloadPath: string): Expectation | undefined {
	const file = expectationPathFor(payloadPath);
	return fs.existsSync(file) ? readExpectationFile(file) : undefined;
}

const show = (v: unknown): string =>
	v === undefined ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v);
const errorKey = (e: { path?: unknown; kind?: unknown }) =>
	`${String(e.kind)} at ${String(e.path) || '/'}`;

/** Expected vs actual validation findings, compared as sets of `{path, kind}`; `what` names the list. */
function compareErrors(expected: ExpectedError[], actual: unknown, what = 'errors'): string | null {
	const got = new Set(Array.isArray(actual) ? actual.filter(isObject).map(errorKey) : []);
	const want = new Set(expected.map(errorKey));
	const missing = [...want].filter((k) => !got.has(k));
	const extra = [...got].filter((k) => !want.has(k));
	if (!missing.length && !extra.length) return null;
	const parts: string[] = [];
	if (missing.length) parts.push(`missing ${missing.join(', ')}`);
	if (extra.length) parts.push(`unexpected ${extra.join(', ')}`);
	return `${what} ${parts.join('; ')}`;
}

/**
 * Compares items (their `json`, as the trigger emits them) with the expected ones: the count
 * must match, order matters, and only the keys the expectation lists are compared (`valid` and
 * `errors` against the item's `validation`). Returns one readable line per difference, items
 * numbered from 1 ("item 2: event expected PAUSED got null"); empty when they agree.
 */
export function compareItems(
	expected: readonly ExpectedItem[],
	actual: readonly unknown[],
): string[] {
	const differences: string[] = [];
	if (expected.length !== actual.length) {
		differences.push(`expected ${expected.length} item(s), got ${actual.length}`);
	}
	const n = Math.min(expected.length, actual.length);
	for (let i = 0; i < n; i++) {
		const want = expected[i];
		const item = isObject(actual[i]) ? (actual[i] as Record<string, unknown>) : {};
		const validation = isObject(item.validation) ? item.validation : {};
		const label = `item ${i + 1}`;
		for (const key of ['field', 'wabaId', 'time', 'event'] as const) {
			if (!(key in want)) continue;
			if (item[key] !== want[key])
				differences.push(`${label}: ${key} expected ${show(want[key])} got ${show(item[key])}`);
		}
		if (want.valid !== undefined && validation.valid !== want.valid) {
			differences.push(
				`${label}: valid expected ${show(want.valid)} got ${show(validation.valid)}`,
			);
		}
		if (want.errors !== undefined) {
			const diff = compareErrors(want.errors, validation.errors);
			if (diff) differences.push(`${label}: ${diff}`);
		}
		if (want.test !== undefined && (item.test === true) !== want.test) {
			differences.push(`${label}: test expected ${show(want.test)} got ${show(item.test)}`);
		}
		if (want.info !== undefined) {
			const diff = compareErrors(want.info, validation.info, 'info');
			if (diff) differences.push(`${label}: ${diff}`);
		}
	}
	return differences;
}

/** What a target observed for one delivery. */
export interface Observation {
	status: number;
	/** Item json emitted for this delivery, or null when the target cannot see executions. */
	items: unknown[] | null;
	/** Whether an execution started; null when the target cannot tell. */
	executed: boolean | null;
	/** The refusal reason from the answer's body, if any, to explain a status mismatch. */
	answer?: string;
}

export interface CheckResult {
	ok: boolean;
	differences: string[];
	/** Set when part of the expectation could not be checked, with why. */
	unchecked?: string;
}

/**
 * Checks one observation against its expectation. The status is always compared; items are
 * compared when the target reports them and `checkItems` is true. An empty `items` list also
 * demands that no execution started (a refused or fully filtered delivery).
 */
export function checkObservation(
	expectation: Expectation,
	observed: Observation,
	checkItems = true,
): CheckResult {
	const differences: string[] = [];
	if (observed.status !== expectation.status) {
		differences.push(
			`status expected ${expectation.status} got ${observed.status}${observed.answer ? ` (${observed.answer})` : ''}`,
		);
	}
	let unchecked: string | undefined;
	if (!checkItems)
		unchecked =
			'items not compared: node parameters differ from the defaults the expectation is written for';
	else if (observed.items === null)
		unchecked = 'items not compared: the target does not expose executions';
	else {
		if (expectation.items.length === 0 && observed.executed) {
			differences.push(`expected no execution, one started with ${observed.items.length} item(s)`);
		} else {
			differences.push(...compareItems(expectation.items, observed.items));
		}
	}
	return { ok: differences.length === 0, differences, ...(unchecked ? { unchecked } : {}) };
}
