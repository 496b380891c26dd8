// What the Flow operations share: the Flow ID field, the categories and endpoint URL fields
// (Create and Update Metadata write the same two), reading them, and the calls on one Flow.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, optionsFromEnum } from '../common';
import { FLOW_CATEGORIES } from '../schemas';

/** The Flow ID field, for the operations that address one Flow. */
export function flowIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1152341234567890',
		description: 'The ID of the Flow; Flow > Get Many and Flow > Create show it',
		displayOptions: { show: { resource: ['flow'], operation: operations } },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A Flow ID is digits only' },
			},
		],
	} as INodeProperties;
}

/** The Categories field's shape; Create shows it as a required field, Update Metadata as an option. */
export const categoriesField = {
	displayName: 'Categories',
	name: 'categories',
	type: 'multiOptions',
	options: optionsFromEnum(FLOW_CATEGORIES),
	default: [],
	description: 'What the Flow is for; at least one',
} satisfies INodeProperties;

/** The Endpoint URL field's shape (Meta's `endpoint_uri`). */
export const endpointUriField = {
	displayName: 'Endpoint URL',
	name: 'endpointUri',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://n8n.example.com/webhook/flow-endpoint',
	description:
		"The HTTPS URL of the Flow's data endpoint, for Flows that exchange data with it (Flow JSON 3.0 and later take it only here)",
} satisfies INodeProperties;

/** Checked categories: at least one, each one Meta knows. */
export function getCategories(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string[] {
	const list = (Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((v) => String(v).trim())
		.filter(Boolean);
	if (!list.length)
		throw new NodeOperationError(context.getNode(), 'Choose at least one category', {
			itemIndex,
		});
	const unknown = list.filter((c) => !FLOW_CATEGORIES.includes(c));
	if (unknown.length)
		throw new NodeOperationError(
			context.getNode(),
			`Unknown Flow category: ${unknown.join(', ')}`,
			{ itemIndex, description: `Meta's categories are ${FLOW_CATEGORIES.join(', ')}.` },
		);
	return list;
}

/** An endpoint URL Meta can call: an absolute https URL. */
export function getEndpointUri(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string {
	const text = String(value ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || url.protocol !== 'https:')
		throw new NodeOperationError(
			context.getNode(),
			`The endpoint URL must be an https URL, got "${text.slice(0, 200)}"`,
			{ itemIndex, description: 'Meta calls Flow endpoints over HTTPS only.' },
		);
	return text;
}

/**
 * A call on one Flow that outputs Meta's answer as is: POST /{flow-id}/publish or /deprecate,
 * DELETE /{flow-id}.
 */
export async function flowCall(
	context: IExecuteFunctions,
	itemIndex: number,
	method: 'POST' | 'DELETE',
	edge = '',
): Promise<IDataObject> {
	const flowId = getGraphId(context, 'flowId', itemIndex, 'Flow ID');
	return await graphApiRequest<IDataObject>(context, {
		method,
		path: `/${flowId}${edge ? `/${edge}` : ''}`,
		itemIndex,
	});
}
