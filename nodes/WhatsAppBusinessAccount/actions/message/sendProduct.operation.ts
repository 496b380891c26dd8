import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	catalogIdOf,
	catalogIdProperty,
	footerOf,
	footerOption,
	optionalText,
	retailerId,
} from './commerce';
import {
	envelope,
	LIMITS,
	outgoing,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendProduct');

export const option: OperationOption = {
	name: 'Send Product',
	value: 'sendProduct',
	description: `Send one product of a catalog (single-product message) ${TO_ANY_RECIPIENT}`,
	action: 'Send product',
};

export const description: INodeProperties[] = [
	...sendProperties('sendProduct'),
	catalogIdProperty(show),
	{
		displayName: 'Product Retailer ID',
		name: 'productRetailerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. di9ozbzfi4',
		description: "The product's ID in the catalog (Content ID in Commerce Manager)",
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
				displayName: 'Body',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Text above the product, up to 1024 characters',
			},
			footerOption,
			...sendOptions(),
		],
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = optionalText(this, itemIndex, 'Body', options.body, LIMITS.interactiveBody);
	// Meta takes no header on a single-product message: the product's image is the header
	const interactive: IDataObject = {
		type: 'product',
		...(body ? { body } : {}),
		...footerOf(this, itemIndex, options),
		action: {
			catalog_id: catalogIdOf(this, itemIndex),
			product_retailer_id: retailerId(
				this,
				itemIndex,
				'Product Retailer ID',
				this.getNodeParameter('productRetailerId', itemIndex, ''),
			),
		},
	};
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', interactive);
}

export const execute = sending(prepare);
