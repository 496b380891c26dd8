import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Update Commerce Settings',
	value: 'updateCommerceSettings',
	description: "Show or hide a business number's catalog, and turn its cart on or off",
	action: 'Update commerce settings of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'commerceUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['updateCommerceSettings'] } },
		options: [
			{
				displayName: 'Cart Enabled',
				name: 'is_cart_enabled',
				type: 'boolean',
				default: true,
				description:
					'Whether customers can add products to a cart and send it as an order (Meta: on by default)',
			},
			{
				displayName: 'Catalog Visible',
				name: 'is_catalog_visible',
				type: 'boolean',
				default: false,
				description:
					'Whether the chat shows the storefront icon that opens the catalog (Meta: hidden by default)',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const fields = this.getNodeParameter('commerceUpdateFields', itemIndex, {}) as IDataObject;
	const qs = Object.fromEntries(
		Object.entries(fields)
			.filter(([, value]) => typeof value === 'boolean')
			.map(([name, value]) => [name, String(value)]),
	);
	if (!Object.keys(qs).length)
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty', {
			itemIndex,
			description: 'Add Cart Enabled, Catalog Visible or both.',
		});
	// Meta documents these settings as query parameters of the POST
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/whatsapp_commerce_settings`,
		qs,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
