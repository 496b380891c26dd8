import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type {
	GraphBusinessProfile,
	GraphListEnvelope,
} from '../../../shared/generated/graph-types';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, optionsFromSchemaProperties } from '../common';
import { BUSINESS_PROFILE_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

/** Everything but `messaging_product`, which Graph adds on its own. */
const READABLE_FIELDS = Object.keys(BUSINESS_PROFILE_FIELDS).filter(
	(field) => field !== 'messaging_product',
);

export const option: OperationOption = {
	name: 'Get Business Profile',
	value: 'getBusinessProfile',
	description:
		'Get the profile customers see for a business number: about text, address, email, websites and more',
	action: 'Get business profile of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Fields',
		name: 'profileFields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(
			Object.fromEntries(READABLE_FIELDS.map((field) => [field, BUSINESS_PROFILE_FIELDS[field]])),
		),
		default: [],
		description: 'The profile fields to read. Empty reads all of them.',
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['getBusinessProfile'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const chosen = this.getNodeParameter('profileFields', itemIndex, []) as string[];
	const answer = await graphApiRequest<GraphListEnvelope>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/whatsapp_business_profile`,
		qs: { fields: (chosen.length ? chosen : READABLE_FIELDS).join(',') },
		itemIndex,
	});
	const profile = (Array.isArray(answer.data) ? answer.data[0] : undefined) as
		GraphBusinessProfile | undefined;
	return { ...(profile ?? {}) } as IDataObject;
}
