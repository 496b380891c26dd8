import { validateDelivery } from '../../shared/generated/validators';
import { splitChanges } from './changeItems';
import { findDashboardSamples, markSample, setAsideSampleIssues } from './dashboardSample';
import { deliveryDedupKey } from './dedupKeys';
import { keepDigits } from './exactJson';
import { readFlowReplies } from './flowReplies';
import { compileFilters, type CompiledFilters } from './filters';
import { IssueIndex, verdict } from './issues';
import type { Json } from '../../shared/json';
import type { DeliveryOptions } from './options';
import { envelopeProblem, readSignedBody, type Delivery } from './parse';
import { refuse, type ChangeItem, type DeliveryResult } from './result';
import { inexactNumberIssue, toIssues, type ValidationIssue } from './verdict';

/**
 * The trigger's whole POST path, independent of n8n so that the harness and the benchmark
 * run exactly this: verify the signature over the raw bytes, parse once, validate once
 * with the precompiled validator, split into items, filter. Refusals carry a reason.
 *
 * The body is always parsed here from the bytes whose signature was checked, as UTF-8 whatever
 * the Content-Type says (n8n's own parse of it may have used another charset, and rounds ids
 * beyond 2^53): one decoding, exact ids. Costs one JSON.parse, about 2 µs on a fixture.
 */
export function processDelivery(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	appSecret: string,
	options: DeliveryOptions,
	filters: CompiledFilters = compileFilters(options),
): DeliveryResult {
	const parsed = readSignedBody(rawBody, headers, appSecret);
	if ('status' in parsed) return parsed;
	const problem = envelopeProblem(parsed.body);
	if (problem) return refuse(400, problem);
	const delivery = parsed.body as Delivery;

	// Validation judges the numbers as JSON has them (an id typed integer accepts a 64-bit one);
	// the items then carry their exact digits.
	let issues = validateDelivery(delivery) ? [] : toIssues(validateDelivery.errors, delivery);
	for (const { pointer, literal } of parsed.inexact)
		issues.push(inexactNumberIssue(pointer, literal));
	const flowReplies = readFlowReplies(delivery);
	if (flowReplies) issues.push(...flowReplies.issues);
	keepDigits(parsed);
	// Meta's App Dashboard samples: their findings are set aside as information (see dashboardSample.ts)
	const samples = findDashboardSamples(delivery.entry);
	let sampleInfo: Map<string, ValidationIssue[]> | null = null;
	if (samples && issues.length)
		({ errors: issues, info: sampleInfo } = setAsideSampleIssues(issues, samples, delivery.entry));
	const main: ChangeItem[] = [];
	const invalid: ChangeItem[] = [];
	const emit = (item: ChangeItem) => {
		if (!item.validation.valid && options.invalidHandling === 'route') invalid.push(item);
		else main.push(item);
	};

	const count = splitChanges(
		delivery,
		{
			rawBody,
			options,
			filters,
			issues: issues.length ? new IssueIndex(issues) : null,
			samples,
			sampleInfo,
			flowReplies: flowReplies?.byMessage ?? null,
		},
		emit,
	);

	if (options.outputMode === 'delivery' && count.passed > 0) {
		const item = {
			...(delivery as unknown as Json),
			validation: verdict([issues]),
			dedupKey: deliveryDedupKey(rawBody),
		} as unknown as ChangeItem;
		// the whole delivery is Meta's sample when every change in it is one; the findings about
		// samples batched with real changes are still reported, as information
		const info = sampleInfo ? [...new Set([...sampleInfo.values()].flat())] : [];
		if (samples && samples.size === count.changes)
			emit(markSample(item, [...new Set(samples.values())].join('; '), info));
		else {
			if (info.length) item.validation.info = info;
			emit(item);
		}
	}
	const receipt = { received: true, changes: count.changes, items: main.length + invalid.length };
	if (main.length === 0 && invalid.length === 0) return { status: 200, body: receipt };
	return { status: 200, body: receipt, outputs: [main, invalid] };
}
