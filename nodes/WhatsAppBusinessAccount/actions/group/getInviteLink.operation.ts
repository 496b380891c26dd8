import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { groupRequest } from './common';

export const option: OperationOption = {
	name: 'Get Invite Link',
	value: 'getInviteLink',
	description: "Get the group's invite link (https://chat.whatsapp.com/…) to send to customers",
	action: 'Get group invite link',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await groupRequest(this, itemIndex, 'GET', 'invite_link');
}
