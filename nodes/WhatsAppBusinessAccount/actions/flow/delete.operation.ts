import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../common';
import type { OperationOption } from '../operation';
import { flowCall } from './common';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a draft Flow. Meta keeps published Flows: deprecate those instead.',
	action: 'Delete flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return deletedResult(await flowCall(this, itemIndex, 'DELETE'));
}
