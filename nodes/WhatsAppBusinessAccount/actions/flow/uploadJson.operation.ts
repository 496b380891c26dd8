import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GraphFlowValidationError } from '../../../shared/generated/graph-types';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { buildMultipartBody } from '../../transport/media';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['flow'], operation: ['uploadJson'] };

export const option: OperationOption = {
	name: 'Upload Flow JSON',
	value: 'uploadJson',
	description:
		"Replace a draft Flow's Flow JSON and list what Meta finds wrong in it, by line and column",
	action: 'Upload flow json',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Flow JSON Field',
				value: 'json',
				description: 'The Flow JSON written in the field below, or an expression',
			},
			{ name: 'Binary File', value: 'binary', description: 'A Flow JSON file of the input item' },
		],
		default: 'json',
		displayOptions: { show },
	},
	{
		displayName: 'Flow JSON',
		name: 'flowJson',
		type: 'json',
		required: true,
		default: '',
		description:
			'The whole Flow JSON (version, screens, ...). Text is sent exactly as written, so the lines and columns Meta reports are lines and columns of this text.',
		displayOptions: { show: { ...show, source: ['json'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'The name of the input binary field holding the Flow JSON file',
		displayOptions: { show: { ...show, source: ['binary'] } },
	},
];

/** The Flow JSON's bytes: text as written (Meta's positions refer to it), an object indented. */
async function flowJsonBytes(context: IExecuteFunctions, itemIndex: number): Promise<Buffer> {
	const source = context.getNodeParameter('source', itemIndex, 'json') as string;
	if (source === 'binary') {
		const field = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
		context.helpers.assertBinaryData(itemIndex, field);
		return await context.helpers.getBinaryDataBuffer(itemIndex, field);
	}
	const value = context.getNodeParameter('flowJson', itemIndex, '') as unknown;
	const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
	if (!text.trim())
		throw new NodeOperationError(context.getNode(), 'The Flow JSON is empty', {
			itemIndex,
			description: 'Write the Flow JSON in the Flow JSON field, or choose Source: Binary File.',
		});
	return Buffer.from(text, 'utf8');
}

/** "Line 10, column 21: Invalid value found for property 'type'. (at screens[0].layout.children[0].type)" */
export function describeValidationError(error: GraphFlowValidationError): string {
	const at =
		error.line_start !== undefined
			? `Line ${error.line_start}, column ${error.column_start ?? '?'}: `
			: '';
	const paths = (error.pointers ?? []).map((p) => p.path).filter(Boolean);
	return `${at}${error.message}${paths.length ? ` (at ${paths.join(', ')})` : ''}`;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const data = await flowJsonBytes(this, itemIndex);
	// Meta's documented upload: the file as `file`, named flow.json, with asset_type FLOW_JSON
	const body = buildMultipartBody(
		{ name: 'flow.json', asset_type: 'FLOW_JSON' },
		{ field: 'file', fileName: 'flow.json', contentType: 'application/json', data },
	);
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${flowId}/assets`,
		rawBody: body,
		itemIndex,
	});
	const errors = (answer.validation_errors ?? []) as unknown as GraphFlowValidationError[];
	return {
		...answer,
		valid: errors.length === 0,
		validation_summary: errors.map(describeValidationError),
	};
}
