import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listAccountEdge, listProperties, optionsFromSchemaProperties } from '../common';
import { PHONE_NUMBER_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['phoneNumber'], operation: ['list'] };

export const phoneNumberFieldsProperty = (operation: string): INodeProperties => ({
	displayName: 'Fields',
	name: 'fields',
	type: 'multiOptions',
	options: optionsFromSchemaProperties(PHONE_NUMBER_FIELDS),
	default: [],
	description:
		'The phone number fields to read. Empty reads what Graph returns by default (ID, display phone number, verified name, quality rating, and a few more).',
	displayOptions: { show: { resource: ['phoneNumber'], operation: [operation] } },
});

export const option: OperationOption = {
	name: 'Get Many',
	// the value saved workflows hold for Get Many
	value: 'list',
	description: "Get the account's business phone numbers",
	action: 'Get many phone numbers',
};

export const description: INodeProperties[] = [
	...listProperties().map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...(property.displayOptions?.show ?? {}) } },
	})),
	phoneNumberFieldsProperty('list'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listAccountEdge(this, itemIndex, 'phone_numbers');
}
