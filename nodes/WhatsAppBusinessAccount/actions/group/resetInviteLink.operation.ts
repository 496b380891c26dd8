import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { groupRequest } from './common';

export const option: OperationOption = {
	name: 'Reset Invite Link',
	value: 'resetInviteLink',
	description: "Replace the group's invite link with a new one; the old link stops working",
	action: 'Reset group invite link',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await groupRequest(this, itemIndex, 'POST', 'invite_link', {});
}
