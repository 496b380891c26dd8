import { markSample } from './dashboardSample';
import { changeDedupKey } from './dedupKeys';
import { eventOf } from './events';
import { passesChangeFilters, passesStatusFilter, type CompiledFilters } from './filters';
import { changeParts, NO_CHANGE_ISSUES, verdict, type IssueIndex } from './issues';
import type { FlowReply } from './flowReplies';
import { isObject, type Json } from '../../shared/json';
import { splitCallsChange } from './callItems';
import { splitMessagesChange, splitUserIdUpdates, type SplitContext } from './messageItems';
import type { DeliveryOptions } from './options';
import type { Delivery } from './parse';
import type { ChangeItem } from './result';
import type { ValidationIssue } from './verdict';

/** What the walk over a delivery's changes needs besides the delivery. */
export interface ChangeWalk {
	rawBody: Buffer;
	options: DeliveryOptions;
	filters: CompiledFilters;
	/** The delivery's issues by entry and change; null when it has none. */
	issues: IssueIndex | null;
	/** Meta's dashboard samples by `entry/change`, with their findings set aside as information. */
	samples: Map<string, string> | null;
	sampleInfo: Map<string, ValidationIssue[]> | null;
	/** The answers of completed Flows by message; null when the delivery has none. */
	flowReplies: Map<Json, FlowReply> | null;
}

/** How many changes the delivery has, and how many passed the filters. */
export interface ChangeCount {
	changes: number;
	passed: number;
}

/**
 * Every change of the delivery through the filters, then into items: one per change, or (Output
 * "One Item per Message or Status") one per message, status, user_id_update or call event of
 * the changes that have them. Output "One Item per Delivery" only counts the changes that pass.
 */
export function splitChanges(
	delivery: Delivery,
	walk: ChangeWalk,
	emit: (item: ChangeItem) => void,
): ChangeCount {
	const { rawBody, options, filters, issues, samples, sampleInfo, flowReplies } = walk;
	let changeCount = 0;
	let passed = 0;
	const entries = delivery.entry;
	for (let e = 0; e < entries.length; e++) {
		const entry = entries[e];
		const wabaId = entry.id === undefined || entry.id === null ? '' : String(entry.id);
		const entryId = entry.id ?? null;
		const time = typeof entry.time === 'number' ? entry.time : null;
		const changes = entry.changes;
		for (let c = 0; c < changes.length; c++) {
			const change = changes[c];
			changeCount++;
			const field = typeof change.field === 'string' ? change.field : String(change.field);
			const value = change.value;
			const event = eventOf(field, value);
			if (!passesChangeFilters(filters, field, wabaId, event, value)) continue;
			if (options.outputMode !== 'message' && !passesStatusFilter(filters, field, value)) continue;
			passed++;
			if (options.outputMode === 'delivery') continue;
			const changeIssues = issues ? issues.forChange(e, c) : NO_CHANGE_ISSUES;
			const sampleReason = samples?.get(`${e}/${c}`);
			const emitHere = sampleReason
				? (item: ChangeItem) =>
						emit(markSample(item, sampleReason, sampleInfo?.get(`${e}/${c}`) ?? []))
				: emit;
			if (
				options.outputMode === 'message' &&
				isObject(value) &&
				(field === 'messages' || field === 'user_id_update' || field === 'calls')
			) {
				const ctx: SplitContext = {
					field,
					wabaId,
					entryId,
					time,
					value,
					issues: changeIssues,
					valuePath: `/entry/${e}/changes/${c}/value`,
					rawBody,
					filters,
					flowReplies,
				};
				const split =
					field === 'messages'
						? splitMessagesChange
						: field === 'calls'
							? splitCallsChange
							: splitUserIdUpdates;
				if (split(ctx, emitHere)) continue;
			}
			emitHere({
				field,
				wabaId,
				time,
				event,
				value,
				validation: verdict(changeParts(changeIssues)),
				dedupKey: changeDedupKey(change.field, entryId, time, value, rawBody, `${e}/${c}`),
			});
		}
	}
	return { changes: changeCount, passed };
}
