import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { flowCall } from './common';

export const option: OperationOption = {
	name: 'Publish',
	value: 'publish',
	description:
		'Publish a draft Flow so it can be sent; its Flow JSON can no longer change (Meta refuses a Flow with validation errors)',
	action: 'Publish flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return normalizeSuccess(await flowCall(this, itemIndex, 'POST', 'publish'));
}
