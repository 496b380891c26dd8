import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { getListOptions, listPropertiesFor } from '../common';
import type { OperationOption } from '../operation';
import { getGroupId, showFor } from './common';

export const option: OperationOption = {
	name: 'Get Join Requests',
	value: 'getJoinRequests',
	description:
		'List the open requests to join a group that needs approval: request ID, WhatsApp ID, when',
	action: 'Get group join requests',
};

export const description: INodeProperties[] = listPropertiesFor(showFor('getJoinRequests'));

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const groupId = getGroupId(this, itemIndex);
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{ method: 'GET', path: `/${groupId}/join_requests`, itemIndex },
		getListOptions(this, itemIndex),
	);
}
