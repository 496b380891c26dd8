import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, humanize, normalizeSuccess, optionsFromEnum } from '../common';
import { BUSINESS_PROFILE_WRITABLE, BUSINESS_VERTICALS } from '../schemas';
import type { OperationOption } from '../operation';

const PLACEHOLDERS: Record<string, string> = {
	about: 'e.g. Fresh produce, delivered',
	address: 'e.g. 1 Hacker Way, Menlo Park, CA 94025',
	description: 'e.g. Family-run grocery since 1998',
	email: 'e.g. hello@example.com',
	profile_picture_handle: 'e.g. 4::aW1hZ2UvanBlZw==:ARb…',
	websites: 'e.g. https://www.example.com, https://shop.example.com',
};

function fieldProperty(name: string, schema: { description?: string }): INodeProperties {
	const base = {
		displayName: humanize(name),
		name,
		default: '',
		description: schema.description,
	} as const;
	if (name === 'vertical') {
		return {
			...base,
			type: 'options',
			options: optionsFromEnum(BUSINESS_VERTICALS) as INodePropertyOptions[],
			default: 'OTHER',
		};
	}
	if (name === 'websites')
		return {
			...base,
			type: 'string',
			placeholder: PLACEHOLDERS.websites,
			description: `${schema.description} (comma-separated)`,
		};
	if (name === 'profile_picture_handle')
		return {
			...base,
			displayName: 'Profile Picture Handle',
			type: 'string',
			placeholder: PLACEHOLDERS[name],
		};
	return {
		...base,
		type: 'string',
		placeholder: PLACEHOLDERS[name],
		...(name === 'about' || name === 'description' ? { typeOptions: { rows: 2 } } : {}),
	};
}

export const option: OperationOption = {
	name: 'Update Business Profile',
	value: 'updateBusinessProfile',
	description: 'Change the profile customers see for a business number',
	action: 'Update business profile of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'profileUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['updateBusinessProfile'] } },
		options: Object.entries(BUSINESS_PROFILE_WRITABLE)
			.map(([name, schema]) => fieldProperty(name, schema as { description?: string }))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const fields = this.getNodeParameter('profileUpdateFields', itemIndex, {}) as IDataObject;
	const json: IDataObject = { messaging_product: 'whatsapp' };
	for (const name of Object.keys(BUSINESS_PROFILE_WRITABLE)) {
		if (fields[name] === undefined) continue;
		json[name] =
			name === 'websites'
				? String(fields[name])
						.split(',')
						.map((site) => site.trim())
						.filter(Boolean)
				: fields[name];
	}
	if (Object.keys(json).length === 1) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one profile field to update', {
			itemIndex,
		});
	}
	if (Array.isArray(json.websites) && json.websites.length > 2) {
		throw new NodeOperationError(this.getNode(), 'A business profile has at most two websites', {
			itemIndex,
		});
	}
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/whatsapp_business_profile`,
		json,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
