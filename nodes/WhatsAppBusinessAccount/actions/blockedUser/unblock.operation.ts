import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { changeBlocklist, usersProperty } from './common';

export const option: OperationOption = {
	name: 'Unblock',
	value: 'unblock',
	description: 'Let blocked users write to a business number again',
	action: 'Unblock users',
};

export const description: INodeProperties[] = [usersProperty('unblock', 'The users to unblock')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await changeBlocklist(this, itemIndex, 'DELETE');
}
