import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { displayName } from '../../shared/displayName';
import { GRAPH_ID_REGEX, wabaIdProperty } from '../../shared/descriptions';
import { graphApiRequestAllItems } from '../../shared/transport/graphApi';
import type { GraphListOptions } from '../../shared/transport/graphApi';

/**
 * "business_verification_status" → "Business Verification Status": the label generated for a
 * schema key or code (scripts/generate/displayNames.ts holds the casing rules).
 */
export const humanize = displayName;

/** Options built from a schema's `properties`: the schema is the one list. */
export function optionsFromSchemaProperties(
	properties: Record<string, object>,
): INodePropertyOptions[] {
	return Object.entries(properties)
		.map(([key, property]) => {
			const description = (property as { description?: unknown }).description;
			return {
				name: humanize(key),
				value: key,
				...(typeof description === 'string' ? { description } : {}),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Options built from a schema enum: the schema is the one list. */
export function optionsFromEnum(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: displayName(value), value }));
}

/**
 * The WhatsApp Business Account, for a resource's operations that work on an account (every
 * one without `operations`); the others address a phone number, a template or a media file by
 * its own ID.
 */
export function wabaIdFor(resource: string, operations?: string[]): INodeProperties {
	return {
		...wabaIdProperty,
		displayOptions: {
			show: { resource: [resource], ...(operations ? { operation: operations } : {}) },
		},
	};
}

/** A business phone number by its ID (not the number itself). */
export function phoneNumberIdProperty(show: IDataObject, description: string): INodeProperties {
	return {
		displayName: 'Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 106540352242922',
		description,
		displayOptions: { show: show as Record<string, string[]> },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A phone number ID is digits only' },
			},
		],
	} as INodeProperties;
}

/** Return All and Limit for a list operation. */
export function listProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** Return All and Limit, shown for one operation. */
export function listPropertiesFor(show: Record<string, string[]>): INodeProperties[] {
	return listProperties().map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...(property.displayOptions?.show ?? {}) } },
	}));
}

/** Graph's largest page size for these edges. */
export const MAX_PAGE_SIZE = 100;

export function getListOptions(context: IExecuteFunctions, itemIndex: number): GraphListOptions {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return {};
	const limit = Math.max(1, Math.floor(Number(context.getNodeParameter('limit', itemIndex, 50))));
	return { limit, pageSize: Math.min(limit, MAX_PAGE_SIZE) };
}

/** A Graph id parameter, trimmed and checked; always a string. */
export function getGraphId(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const id = String(raw ?? '').trim();
	if (!new RegExp(GRAPH_ID_REGEX).test(id)) {
		throw new NodeOperationError(context.getNode(), `${label} must be digits only, got "${id}"`, {
			itemIndex,
		});
	}
	return id;
}

export function getWabaId(context: IExecuteFunctions, itemIndex: number): string {
	return getGraphId(context, 'wabaId', itemIndex, 'The WhatsApp Business Account ID');
}

/**
 * Every item of an edge of the chosen account (`/{waba-id}/<edge>`), with the Fields and Return
 * All / Limit parameters that the Get Many operation shows.
 */
export async function listAccountEdge(
	context: IExecuteFunctions,
	itemIndex: number,
	edge: string,
): Promise<IDataObject[]> {
	const wabaId = getWabaId(context, itemIndex);
	const fields = context.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequestAllItems<IDataObject>(
		context,
		{
			method: 'GET',
			path: `/${wabaId}/${edge}`,
			qs: fields.length ? { fields: fields.join(',') } : {},
			itemIndex,
		},
		getListOptions(context, itemIndex),
	);
}

/**
 * n8n's wording for a boolean's description: "Enable template analytics." → "Whether to enable
 * template analytics."
 */
export function whetherTo(description: string): string {
	if (/^whether\b/i.test(description)) return description;
	return `Whether to ${description.charAt(0).toLowerCase()}${description.slice(1)}`;
}

/**
 * What a delete-like operation outputs, as n8n's nodes do: `{ deleted: true }` once Graph
 * confirms (`{success: true}` or `"true"`), `{ deleted: false }` otherwise.
 */
export function deletedResult(answer: IDataObject): IDataObject {
	const { success, ...rest } = normalizeSuccess(answer ?? {});
	return { deleted: success === true, ...rest };
}

/** `{success: "true"}` and `{success: true}` both mean true. */
export function normalizeSuccess(answer: IDataObject): IDataObject {
	if (answer && 'success' in answer) {
		return { ...answer, success: answer.success === true || answer.success === 'true' };
	}
	return answer;
}

/** Marks a result that is whole output items (binary data included), not JSON to wrap. */
export const EXECUTION_DATA = Symbol('executionData');
export interface ExecutionDataResult {
	[EXECUTION_DATA]: INodeExecutionData[];
}

export function asExecutionData(...items: INodeExecutionData[]): ExecutionDataResult {
	return { [EXECUTION_DATA]: items };
}

export function isExecutionData(result: unknown): result is ExecutionDataResult {
	return typeof result === 'object' && result !== null && EXECUTION_DATA in result;
}

/** A six-digit PIN, as Meta requires for registration and two-step verification. */
export const PIN_REGEX = '^[0-9]{6}$';

export function getPin(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const pin = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!new RegExp(PIN_REGEX).test(pin)) {
		// the PIN itself stays out of the message
		throw new NodeOperationError(context.getNode(), 'The PIN must be exactly six digits', {
			itemIndex,
		});
	}
	return pin;
}

/** Error details for an item that failed while "continue on fail" is on. */
export function errorItem(
	error: Error & { context?: IDataObject; description?: string | null },
): IDataObject {
	const context = error.context ?? {};
	const item: IDataObject = { error: error.message };
	if (error.description) item.description = error.description;
	for (const [from, to] of [
		['graphErrorCode', 'code'],
		['graphErrorSubcode', 'subcode'],
		['fbtraceId', 'fbtrace_id'],
		['graphErrorType', 'type'],
		['httpStatus', 'httpStatus'],
		['graphErrorDetails', 'details'],
		['graphErrorExplanation', 'explanation'],
		['graphErrorFix', 'fix'],
	] as const) {
		if (context[from] !== undefined) item[to] = context[from];
	}
	return item;
}
