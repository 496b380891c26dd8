// Runs the operation the node's Resource and Operation parameters name (registry.ts). An item
// operation runs item by item, each output paired with its item and a failure handled by
// Continue On Fail here; a batch operation gets every item at once.
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { EXECUTION_DATA, isExecutionData } from './common';
import { failedItem } from './continueOnFail';
import type { ItemOperation } from './operation';
import { findOperation } from './registry';

/** The item's operation; a batch one cannot differ from the first item's, which ran them all. */
function itemOperationOf(context: IExecuteFunctions, itemIndex: number): ItemOperation {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const found = findOperation(resource, operation);
	if (!found || found.mode === 'batch') {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
			{ itemIndex },
		);
	}
	return found;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Resource and Operation take no expressions: the first item's are every item's
	const first = items.length
		? findOperation(
				this.getNodeParameter('resource', 0) as string,
				this.getNodeParameter('operation', 0) as string,
			)
		: undefined;
	if (first?.mode === 'batch') return [await first.execute.call(this, items)];

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = itemOperationOf(this, itemIndex);
			const result = await operation.execute.call(this, itemIndex);
			if (isExecutionData(result)) {
				returnData.push(
					...result[EXECUTION_DATA].map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
				);
				continue;
			}
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			returnData.push(failedItem(this, error, itemIndex));
		}
	}
	return [returnData];
}
