import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { groupRequest, showFor } from './common';

/** The fields of a group Meta documents (Groups API reference, "Get group info"). */
const GROUP_FIELDS = [
	{ name: 'Creation Timestamp', value: 'creation_timestamp' },
	{ name: 'Description', value: 'description' },
	{ name: 'Join Approval Mode', value: 'join_approval_mode' },
	{ name: 'Participants', value: 'participants' },
	{ name: 'Subject', value: 'subject' },
	{ name: 'Suspended', value: 'suspended' },
	{ name: 'Total Participant Count', value: 'total_participant_count' },
];

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description:
		"Get a group's subject, description, join approval, participants and whether WhatsApp suspended it",
	action: 'Get group',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: GROUP_FIELDS,
		default: [],
		description: 'The group fields to read; empty reads what Meta returns by default',
		displayOptions: { show: showFor('get') },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await groupRequest(
		this,
		itemIndex,
		'GET',
		'',
		undefined,
		fields.length ? { fields: fields.join(',') } : undefined,
	);
}
