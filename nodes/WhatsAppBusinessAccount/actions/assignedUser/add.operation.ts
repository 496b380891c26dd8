import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getWabaId, normalizeSuccess, optionsFromEnum } from '../common';
import { ASSIGNED_USER_TASKS } from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['assignedUser'], operation: ['add'] };

export const userIdProperty = (operation: string): INodeProperties => ({
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 100012345678901',
	description: 'The business-scoped ID of the business user or system user',
	displayOptions: { show: { resource: ['assignedUser'], operation: [operation] } },
});

export const option: OperationOption = {
	name: 'Add',
	value: 'add',
	description: 'Give a business or system user tasks on the account',
	action: 'Add assigned user',
};

export const description: INodeProperties[] = [
	userIdProperty('add'),
	{
		displayName: 'Tasks',
		name: 'tasks',
		type: 'multiOptions',
		required: true,
		options: optionsFromEnum(ASSIGNED_USER_TASKS),
		default: [],
		description: 'What the user may do on the account',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const user = getGraphId(this, 'userId', itemIndex, 'User ID');
	const tasks = this.getNodeParameter('tasks', itemIndex, []) as string[];
	const unknown = tasks.filter((task) => !ASSIGNED_USER_TASKS.includes(task));
	if (!tasks.length || unknown.length) {
		throw new NodeOperationError(
			this.getNode(),
			unknown.length ? `Unknown task ${unknown.join(', ')}` : 'Choose at least one task',
			{ itemIndex, description: `Tasks are ${ASSIGNED_USER_TASKS.join(', ')}` },
		);
	}
	// Graph takes `tasks` as a JSON array; the transport form-encodes arrays as JSON text.
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${wabaId}/assigned_users`,
		body: { user, tasks },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
