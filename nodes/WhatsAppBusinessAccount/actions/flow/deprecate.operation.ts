import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { flowCall } from './common';

export const option: OperationOption = {
	name: 'Deprecate',
	value: 'deprecate',
	description:
		'Stop a published Flow from being sent; messages already sent still open. It cannot be undone.',
	action: 'Deprecate flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return normalizeSuccess(await flowCall(this, itemIndex, 'POST', 'deprecate'));
}
