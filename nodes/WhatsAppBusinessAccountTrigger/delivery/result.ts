import type { Json } from '../../shared/json';
import type { ValidationVerdict } from './verdict';

/** One item as the trigger emits it (default mode: one per change). */
export interface ChangeItem {
	[key: string]: unknown;
	field: string;
	wabaId: string;
	time: number | null;
	event: string | null;
	value: unknown;
	validation: ValidationVerdict;
	/** Stable across Meta's redeliveries of the same change: feed it to Remove Duplicates. */
	dedupKey: string;
}

export interface DeliveryResult {
	/** HTTP status to answer Meta with. */
	status: number;
	/** JSON body of the answer: a reason when refused, a receipt when accepted. */
	body: Json;
	/** Items per output (main, and invalid when routed); absent when nothing is emitted. */
	outputs?: [ChangeItem[], ChangeItem[]];
}

export const refuse = (status: number, reason: string): DeliveryResult => ({
	status,
	body: { error: reason },
});
