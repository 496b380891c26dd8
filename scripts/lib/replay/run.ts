/** Sends deliveries at a target, checks them, and summarises the run. */
import { checkObservation, type Observation } from './expectations';
import { headersFor, type Delivery } from './inputs';
import { DEFAULT_DELIVERY_OPTIONS } from '../../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { signBody } from '../../../nodes/shared/webhook/signature';
import { findSchemasDir, SchemaLocator } from './schemaLocation';
import type { Target } from './targets';

/** One finding of the schemas on a replayed delivery, with the schema location that made it. */
export interface Flagged {
	/** The item (one per change, from 1) the finding is on. */
	item: number;
	field: string;
	path: string;
	kind: string;
	message: string;
	/** `schemas/<file>#<pointer>`, or null where no schema says it (or schemas/ is not here). */
	schema: string | null;
}

let locator: SchemaLocator | null | undefined;

/**
 * What this checkout's schemas say about a delivery, whatever the target: the trigger's own
 * verdict (one item per change), each finding with the schema location that made it.
 */
function flaggedFindings(body: Buffer): Flagged[] {
	const secret = 'replay-local-verdict';
	const result = processDelivery(
		body,
		{ 'x-hub-signature-256': signBody(body, secret) },
		secret,
		DEFAULT_DELIVERY_OPTIONS,
	);
	const items = result.outputs ? [...result.outputs[0], ...result.outputs[1]] : [];
	if (!items.some((i) => !i.validation.valid)) return [];
	if (locator === undefined) {
		const dir = findSchemasDir();
		locator = dir ? new SchemaLocator(dir) : null;
	}
	let delivery: unknown;
	try {
		delivery = JSON.parse(body.toString('utf8'));
	} catch {
		delivery = undefined;
	}
	const flagged: Flagged[] = [];
	items.forEach((item, i) => {
		for (const e of item.validation.errors) {
			let schema: string | null = null;
			try {
				schema = locator ? locator.locate(delivery, e) : null;
			} catch {
				schema = null;
			}
			flagged.push({
				item: i + 1,
				field: item.field,
				path: e.path,
				kind: e.kind,
				message: e.message,
				schema,
			});
		}
	});
	return flagged;
}

export interface ReplayResult {
	source: string;
	name?: string;
	/** HTTP status of the answer; 0 when no answer came (or the input was broken). */
	status: number;
	/** Item json of the execution the delivery started (empty with `--url`). */
	items: unknown[];
	ok: boolean;
	/** Why it failed: every difference, separated by "; ". */
	error?: string;
	/** What was not checked, and why (no expectation, items not visible, parameters). */
	unchecked?: string;
	/** The schemas' findings on the delivery (as this checkout judges it), when it has any. */
	flagged?: Flagged[];
}

/** A result with what the summary needs besides the report. */
export interface ResultDetail extends ReplayResult {
	fields: string[];
	/** Passed with only a 2xx status required (no expectation, or checks turned off). */
	statusOnly: boolean;
	/** Passed with its expectation's status checked but its items not compared. */
	itemsNotCompared: boolean;
}

export interface RunOptions {
	target: Target;
	/** Signs plain payloads; recorded deliveries keep their own headers. */
	secret?: string;
	/** Compare with expectations at all (false: `--no-check`, only a 2xx status is required). */
	check?: boolean;
	/** Compare items (false when node parameters change what the items are). */
	checkItems?: boolean;
	/** Why items are not compared, when checkItems is false. */
	itemsUncheckedReason?: string;
	onResult?: (result: ResultDetail, done: number, total: number) => void;
}

const is2xx = (status: number) => status >= 200 && status < 300;

async function replayOne(
	delivery: Delivery,
	worker: number,
	options: RunOptions,
): Promise<ResultDetail> {
	const result = await sendAndCheck(delivery, worker, options);
	if (delivery.error || result.status < 200 || result.status >= 300) return result;
	const flagged = flaggedFindings(delivery.body);
	return flagged.length ? { ...result, flagged } : result;
}

async function sendAndCheck(
	delivery: Delivery,
	worker: number,
	options: RunOptions,
): Promise<ResultDetail> {
	const base = {
		source: delivery.source,
		...(delivery.name !== undefined ? { name: delivery.name } : {}),
		fields: delivery.fields,
		statusOnly: false,
		itemsNotCompared: false,
	};
	if (delivery.error) return { ...base, status: 0, items: [], ok: false, error: delivery.error };
	let observed: Observation;
	try {
		observed = await options.target.send(
			delivery.body,
			headersFor(delivery, options.secret),
			worker,
		);
	} catch (error) {
		return {
			...base,
			status: 0,
			items: [],
			ok: false,
			error: `request failed: ${(error as Error).message}`,
		};
	}
	const items = observed.items ?? [];
	if (delivery.expected && options.check !== false) {
		const verdict = checkObservation(delivery.expected, observed, options.checkItems !== false);
		const unchecked =
			verdict.unchecked && options.checkItems === false && options.itemsUncheckedReason
				? options.itemsUncheckedReason
				: verdict.unchecked;
		return {
			...base,
			status: observed.status,
			items,
			ok: verdict.ok,
			...(verdict.ok ? {} : { error: verdict.differences.join('; ') }),
			...(unchecked ? { unchecked } : {}),
			itemsNotCompared: verdict.ok && unchecked !== undefined,
		};
	}
	const ok = is2xx(observed.status);
	return {
		...base,
		status: observed.status,
		items,
		ok,
		...(ok
			? {}
			: {
					error: `status ${observed.status} is not 2xx${observed.answer ? ` (${observed.answer})` : ''}`,
				}),
		unchecked: delivery.expected
			? 'checks turned off (--no-check): only a 2xx status was required'
			: 'no expectation: only a 2xx status was required',
		statusOnly: ok,
	};
}

/**
 * Replays deliveries, as many at once as the target has workers (one: strictly in order).
 * Results come back in input order whatever the concurrency.
 */
export async function replay(
	deliveries: readonly Delivery[],
	options: RunOptions,
): Promise<ResultDetail[]> {
	const results: ResultDetail[] = new Array(deliveries.length);
	let next = 0;
	let done = 0;
	const worker = async (w: number) => {
		while (next < deliveries.length) {
			const index = next++;
			results[index] = await replayOne(deliveries[index], w, options);
			done++;
			options.onResult?.(results[index], done, deliveries.length);
		}
	};
	await Promise.all(
		Array.from(
			{ length: Math.max(1, Math.min(options.target.workers, deliveries.length)) },
			(_, w) => worker(w),
		),
	);
	return results;
}

export interface Counts {
	total: number;
	ok: number;
	failed: number;
	unchecked: number;
}

export interface Summary extends Counts {
	/** Passed deliveries whose expected status was checked but whose items were not compared. */
	itemsNotCompared: number;
	target: 'in-process' | 'url';
	durationMs: number;
	/** Deliveries per webhook field (a delivery with several fields counts under each). */
	byField: Record<string, Counts>;
	/** Deliveries per HTTP status answered (0: no answer). */
	statuses: Record<string, number>;
}

const emptyCounts = (): Counts => ({ total: 0, ok: 0, failed: 0, unchecked: 0 });

function tally(counts: Counts, r: ResultDetail) {
	counts.total++;
	if (!r.ok) counts.failed++;
	else if (r.statusOnly) counts.unchecked++;
	else counts.ok++;
}

export function summarise(
	results: readonly ResultDetail[],
	target: Summary['target'],
	durationMs: number,
): Summary {
	const summary: Summary = {
		...emptyCounts(),
		itemsNotCompared: 0,
		target,
		durationMs,
		byField: {},
		statuses: {},
	};
	for (const r of results) {
		tally(summary, r);
		if (r.itemsNotCompared) summary.itemsNotCompared++;
		for (const field of r.fields.length ? r.fields : ['(none)'])
			tally((summary.byField[field] ??= emptyCounts()), r);
		summary.statuses[String(r.status)] = (summary.statuses[String(r.status)] ?? 0) + 1;
	}
	summary.byField = Object.fromEntries(
		Object.entries(summary.byField).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
	);
	return summary;
}

/** The `--json` report: the summary and one entry per delivery, in input order. */
export function jsonReport(summary: Summary, results: readonly ResultDetail[]) {
	return {
		summary,
		results: results.map((r) => ({
			source: r.source,
			...(r.name !== undefined ? { name: r.name } : {}),
			status: r.status,
			items: r.items,
			ok: r.ok,
			...(r.error !== undefined ? { error: r.error } : {}),
			...(r.unchecked !== undefined ? { unchecked: r.unchecked } : {}),
			...(r.flagged ? { flagged: r.flagged } : {}),
		})),
	};
}

const deliveriesText = (n: number) => (n === 1 ? '1 delivery' : `${n} deliveries`);

function countsText(c: Counts): string {
	const parts = [`${c.ok} ok`];
	if (c.failed) parts.push(`${c.failed} failed`);
	if (c.unchecked) parts.push(`${c.unchecked} unchecked`);
	return parts.join(', ');
}

/** The readable summary: totals, per-field counts, statuses, then every failure with its reason. */
export function textReport(summary: Summary, results: readonly ResultDetail[]): string {
	const lines: string[] = [];
	const where = summary.target === 'url' ? 'the webhook URL' : 'the in-process trigger';
	lines.push(
		`Replayed ${deliveriesText(summary.total)} at ${where} in ${(summary.durationMs / 1000).toFixed(2)} s`,
	);
	const width = Math.max(0, ...Object.keys(summary.byField).map((f) => f.length));
	lines.push('', 'By field:');
	for (const [field, counts] of Object.entries(summary.byField))
		lines.push(
			`  ${field.padEnd(width)}  ${String(counts.total).padStart(4)}  ${countsText(counts)}`,
		);
	lines.push(
		'',
		`Statuses: ${Object.entries(summary.statuses)
			.map(([s, n]) => `${s === '0' ? 'no answer' : s} ×${n}`)
			.join(', ')}`,
	);
	const failures = results.filter((r) => !r.ok);
	if (failures.length) {
		lines.push('', 'Failures:');
		for (const r of failures)
			lines.push(`  ${r.source}${r.name ? ` (${r.name})` : ''}: ${r.error}`);
	}
	const flagged = results.filter((r) => r.flagged);
	if (flagged.length) {
		lines.push(
			'',
			`Flagged by the schemas (${deliveriesText(flagged.length)}; delivered all the same, valid: false):`,
		);
		for (const r of flagged) {
			lines.push(`  ${r.source}${r.name ? ` (${r.name})` : ''}:`);
			for (const f of r.flagged!)
				lines.push(
					`    item ${f.item} (${f.field}): ${f.kind} at ${f.path || '/'}${f.schema ? ` ← ${f.schema}` : ''}`,
				);
		}
	}
	const notes = new Map<string, number>();
	for (const r of results)
		if (r.ok && r.unchecked) notes.set(r.unchecked, (notes.get(r.unchecked) ?? 0) + 1);
	if (notes.size) {
		lines.push('', 'Not fully checked:');
		for (const [reason, n] of notes) lines.push(`  ${n} × ${reason}`);
	}
	lines.push('', `${summary.failed ? 'FAIL' : 'PASS'}: ${countsText(summary)} of ${summary.total}`);
	return lines.join('\n') + '\n';
}
