import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../common';
import type { OperationOption } from '../operation';
import { groupRequest } from './common';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a group: every participant is removed and the invite link stops working',
	action: 'Delete group',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return deletedResult(await groupRequest(this, itemIndex, 'DELETE', ''));
}
