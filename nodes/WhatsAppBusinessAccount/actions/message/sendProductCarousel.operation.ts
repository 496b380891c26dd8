import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import { catalogIdOf, catalogIdProperty, retailerId } from './commerce';
import {
	envelope,
	fail,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';
import { CAROUSEL_LIMITS } from './sendCarousel.operation';

const show = showFor('sendProductCarousel');

export const option: OperationOption = {
	name: 'Send Product Carousel',
	value: 'sendProductCarousel',
	description: `Send 2 to 10 products of a catalog as scrollable cards ${TO_ANY_RECIPIENT}`,
	action: 'Send product carousel',
};

export const description: INodeProperties[] = [
	...sendProperties('sendProductCarousel'),
	catalogIdProperty(show),
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'The text above the cards, up to 1024 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Product Retailer IDs',
		name: 'productRetailerIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. di9ozbzfi4, nqryix03ez',
		description:
			'2 to 10 products of the catalog (Content IDs in Commerce Manager), separated by commas or new lines; one card each, in this order',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: sendOptions(),
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const catalogId = catalogIdOf(this, itemIndex);
	const raw = this.getNodeParameter('productRetailerIds', itemIndex, '') as string | string[];
	const ids = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,\n]/))
		.map((id) => id.trim())
		.filter(Boolean);
	const { minCards, maxCards } = CAROUSEL_LIMITS;
	if (ids.length < minCards || ids.length > maxCards)
		fail(
			this,
			itemIndex,
			`Product Retailer IDs has ${ids.length} products; a WhatsApp product carousel takes ${minCards} to ${maxCards}`,
		);
	// Meta's product cards: the catalog on each, no header, footer or buttons (the card has its own)
	const cards = ids.map((id, index) => ({
		card_index: index,
		type: 'product',
		action: {
			product_retailer_id: retailerId(this, itemIndex, `Product Retailer IDs ${index + 1}`, id),
			catalog_id: catalogId,
		},
	}));
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', {
		type: 'carousel',
		body: { text: requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody) },
		action: { cards },
	});
}

export const execute = sending(prepare);
