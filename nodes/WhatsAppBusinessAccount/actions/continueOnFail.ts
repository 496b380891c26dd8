// Continue On Fail, for every operation: an item's failure becomes an output item carrying the
// error, or stops the node with the item's error.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem } from './common';

/**
 * The error the node stops with for an item: the Graph API's (NodeApiError, Meta's details
 * kept) and our own (NodeOperationError) as they are, anything else wrapped with the item's
 * index. NodeApiError is also recognised by name, as one from another copy of n8n-workflow is.
 */
export function nodeErrorFor(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	description?: string,
): Error {
	if (
		error instanceof NodeOperationError ||
		error instanceof NodeApiError ||
		(error as { name?: string } | undefined)?.name === 'NodeApiError'
	)
		return error as Error;
	return new NodeOperationError(context.getNode(), error as Error, {
		itemIndex,
		...(description ? { description } : {}),
	});
}

/**
 * An item that failed: with Continue On Fail on, its output item (`json`, by default the
 * error's details); off, the node stops with the item's error.
 */
export function failedItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	json?: IDataObject,
): INodeExecutionData {
	if (!context.continueOnFail()) throw nodeErrorFor(context, error, itemIndex);
	return { json: json ?? errorItem(error as Error), pairedItem: { item: itemIndex } };
}
