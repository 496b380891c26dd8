import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { changeBlocklist, usersProperty } from './common';

export const option: OperationOption = {
	name: 'Block',
	value: 'block',
	description:
		'Block users from writing to a business number; only users who wrote to it in the last 24 hours',
	action: 'Block users',
};

export const description: INodeProperties[] = [
	usersProperty(
		'block',
		'The users to block. They can no longer message the number or see it online, and the number cannot message them.',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await changeBlocklist(this, itemIndex, 'POST');
}
