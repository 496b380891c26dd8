import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';
import { checkedGroupText, GROUP_LIMITS, showFor } from './common';

const show = showFor('create');

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	description:
		'Create a group on a business number; its ID and invite link arrive on the trigger (group_lifecycle_update)',
	action: 'Create group',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Order 4711 support',
		description: "The group's name, up to 128 characters",
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "The group's description, up to 2048 characters",
			},
			{
				displayName: 'Join Approval',
				name: 'joinApprovalMode',
				type: 'options',
				default: 'auto_approve',
				options: [
					{
						name: 'Anyone With the Link Joins',
						value: 'auto_approve',
						description: 'WhatsApp users who open the invite link join at once',
					},
					{
						name: 'Approval Required',
						value: 'approval_required',
						description:
							'Each join is a request to approve or reject (Group > Approve or Reject Join Requests)',
					},
				],
				description: 'Whether people who open the invite link need approval to join',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const subject = checkedGroupText(
		this,
		itemIndex,
		'Subject',
		this.getNodeParameter('subject', itemIndex, ''),
		GROUP_LIMITS.subject,
	);
	if (!subject) throw new NodeOperationError(this.getNode(), 'Subject is empty', { itemIndex });
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = { messaging_product: 'whatsapp', subject };
	const descriptionText = checkedGroupText(
		this,
		itemIndex,
		'Description',
		options.description,
		GROUP_LIMITS.description,
	);
	if (descriptionText) body.description = descriptionText;
	if (options.joinApprovalMode) body.join_approval_mode = options.joinApprovalMode;
	return await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/groups`,
		json: body,
		itemIndex,
	});
}
