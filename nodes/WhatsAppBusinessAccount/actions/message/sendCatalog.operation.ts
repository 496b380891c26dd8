import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import { footerOf, footerOption, retailerId } from './commerce';
import {
	envelope,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendCatalog');

export const option: OperationOption = {
	name: 'Send Catalog',
	value: 'sendCatalog',
	description: `Send a message with a View Catalog button that opens the number's catalog ${TO_ANY_RECIPIENT}`,
	action: 'Send catalog',
};

export const description: INodeProperties[] = [
	...sendProperties('sendCatalog'),
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'The message text, up to 1024 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Thumbnail Product Retailer ID',
		name: 'thumbnailProductRetailerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. di9ozbzfi4',
		description:
			'The product whose image heads the message (its Content ID in Commerce Manager); the catalog is the one connected to the WhatsApp Business Account',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [footerOption, ...sendOptions()],
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const interactive: IDataObject = {
		type: 'catalog_message',
		body: { text: requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody) },
		...footerOf(this, itemIndex, options),
		action: {
			name: 'catalog_message',
			parameters: {
				thumbnail_product_retailer_id: retailerId(
					this,
					itemIndex,
					'Thumbnail Product Retailer ID',
					this.getNodeParameter('thumbnailProductRetailerId', itemIndex, ''),
				),
			},
		},
	};
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', interactive);
}

export const execute = sending(prepare);
