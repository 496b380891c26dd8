import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { GROUP_LIMITS, groupRequest, showFor, splitIds } from './common';

export const option: OperationOption = {
	name: 'Remove Participants',
	value: 'removeParticipants',
	description: 'Remove up to 8 people from a group by their WhatsApp phone numbers or IDs',
	action: 'Remove group participants',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Participants',
		name: 'participants',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 16505551234, 16505555678',
		description: 'Up to 8 WhatsApp phone numbers or IDs, comma-separated',
		displayOptions: { show: showFor('removeParticipants') },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const users = splitIds(this.getNodeParameter('participants', itemIndex, ''));
	if (users.length === 0)
		throw new NodeOperationError(this.getNode(), 'Participants is empty', { itemIndex });
	if (users.length > GROUP_LIMITS.participantsPerRemoval)
		throw new NodeOperationError(
			this.getNode(),
			`Participants has ${users.length} people; WhatsApp removes at most ${GROUP_LIMITS.participantsPerRemoval} at a time`,
			{ itemIndex, description: 'Nothing was sent. Split the list over several items.' },
		);
	const bad = users.find((user) => !/^\+?[0-9]{7,15}$/.test(user));
	if (bad)
		throw new NodeOperationError(
			this.getNode(),
			`Participants must be WhatsApp phone numbers or IDs (digits, country code first), got "${bad}"`,
			{ itemIndex },
		);
	return await groupRequest(this, itemIndex, 'DELETE', 'participants', {
		participants: users.map((user) => ({ user: user.replace(/^\+/, '') })),
	});
}
