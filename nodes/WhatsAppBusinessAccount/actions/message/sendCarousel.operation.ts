import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	checkedLink,
	checkLength,
	envelope,
	fail,
	LIMITS,
	mediaReference,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendCarousel');

/**
 * Meta's limits of an interactive media carousel ("Interactive media carousel messages"): 2 to
 * 10 cards, each with an image or video header, an optional body of 160 characters and either
 * one URL button or quick-reply buttons, the same kind and number on every card.
 */
export const CAROUSEL_LIMITS = {
	minCards: 2,
	maxCards: 10,
	cardBody: 160,
	quickReplies: 2,
} as const;

export const option: OperationOption = {
	name: 'Send Carousel',
	value: 'sendCarousel',
	description: `Send 2 to 10 scrollable cards, each an image or video with text and buttons ${TO_ANY_RECIPIENT}`,
	action: 'Send carousel',
};

export const description: INodeProperties[] = [
	...sendProperties('sendCarousel'),
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
		displayName: 'Card Media',
		name: 'cardMediaType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
		description: 'What heads every card: WhatsApp takes the same kind on all of them',
		displayOptions: { show },
	},
	{
		displayName: 'Card Buttons',
		name: 'cardButtonType',
		type: 'options',
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'One button per card that opens a link',
			},
			{
				name: 'Quick Reply',
				value: 'quickReply',
				description: 'One or two buttons per card whose ID comes back to the trigger when tapped',
			},
		],
		default: 'url',
		description:
			'The buttons of every card: WhatsApp takes the same kind and number on all of them',
		displayOptions: { show },
	},
	{
		displayName: 'Cards',
		name: 'cards',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 10 },
		placeholder: 'Add Card',
		default: {},
		description: '2 to 10 cards, shown left to right in this order',
		displayOptions: { show },
		options: [
			{
				displayName: 'Card',
				name: 'card',
				values: [
					{
						displayName: 'Button Text',
						name: 'buttonText',
						type: 'string',
						default: '',
						description:
							"The URL button's label, or the first quick-reply button's title; up to 20 characters",
					},
					{
						displayName: 'Button URL or ID',
						name: 'buttonValue',
						type: 'string',
						default: '',
						description:
							"The link the URL button opens, or the first quick-reply button's ID (up to 256 characters)",
					},
					{
						displayName: 'Media',
						name: 'media',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/plant.jpg',
						description:
							'The image or video: an http(s) link, or the ID of a file uploaded to the number',
					},
					{
						displayName: 'Second Button ID',
						name: 'secondButtonId',
						type: 'string',
						default: '',
						description: "Quick Reply only: the second button's ID",
					},
					{
						displayName: 'Second Button Text',
						name: 'secondButtonText',
						type: 'string',
						default: '',
						description: 'Quick Reply only: a second button on every card, up to 20 characters',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						description: 'Optional text under the media, up to 160 characters',
					},
				],
			},
		],
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

function cardOf(
	context: IExecuteFunctions,
	itemIndex: number,
	card: IDataObject,
	index: number,
	kinds: { media: string; buttons: string },
): IDataObject {
	const label = `Cards ${index + 1}`;
	const text = (name: string, title: string, max: number) => {
		const value = String(card[name] ?? '').trim();
		if (!value) fail(context, itemIndex, `${label}: ${title} is empty`);
		return checkLength(context, itemIndex, `${label}: ${title}`, value, max);
	};
	const media = mediaReference('either', String(card.media ?? ''), `${label}: Media`, (message) =>
		fail(context, itemIndex, message),
	);
	const body = String(card.text ?? '').trim();
	const entry: IDataObject = {
		card_index: index,
		type: kinds.buttons === 'url' ? 'cta_url' : 'button',
		header: { type: kinds.media, [kinds.media]: media },
		...(body
			? {
					body: {
						text: checkLength(context, itemIndex, `${label}: Text`, body, CAROUSEL_LIMITS.cardBody),
					},
				}
			: {}),
	};
	if (kinds.buttons === 'url') {
		entry.action = {
			name: 'cta_url',
			parameters: {
				display_text: text('buttonText', 'Button Text', LIMITS.ctaDisplayText),
				url: checkedLink(
					context,
					itemIndex,
					`${label}: Button URL or ID`,
					String(card.buttonValue ?? ''),
				),
			},
		};
		return entry;
	}
	const buttons = [
		{
			title: text('buttonText', 'Button Text', LIMITS.buttonTitle),
			id: text('buttonValue', 'Button URL or ID', LIMITS.buttonId),
		},
	];
	if (String(card.secondButtonText ?? '').trim() || String(card.secondButtonId ?? '').trim())
		buttons.push({
			title: text('secondButtonText', 'Second Button Text', LIMITS.buttonTitle),
			id: text('secondButtonId', 'Second Button ID', LIMITS.buttonId),
		});
	entry.action = {
		buttons: buttons.map(({ id, title }) => ({ type: 'quick_reply', quick_reply: { id, title } })),
	};
	return entry;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const cards = ((this.getNodeParameter('cards', itemIndex, {}) as IDataObject).card ??
		[]) as IDataObject[];
	const { minCards, maxCards } = CAROUSEL_LIMITS;
	if (cards.length < minCards || cards.length > maxCards)
		fail(
			this,
			itemIndex,
			`Cards has ${cards.length} cards; a WhatsApp carousel takes ${minCards} to ${maxCards}`,
		);
	const kinds = {
		media: this.getNodeParameter('cardMediaType', itemIndex, 'image') as string,
		buttons: this.getNodeParameter('cardButtonType', itemIndex, 'url') as string,
	};
	const built = cards.map((card, index) => cardOf(this, itemIndex, card, index, kinds));
	if (kinds.buttons === 'quickReply') {
		// Meta refuses cards whose number of quick-reply buttons differs
		const counts = new Set(
			built.map((card) => ((card.action as IDataObject).buttons as unknown[]).length),
		);
		if (counts.size > 1)
			fail(
				this,
				itemIndex,
				'Cards: every card needs the same number of quick-reply buttons (all one, or all two)',
			);
	}
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', {
		type: 'carousel',
		body: { text: requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody) },
		action: { cards: built },
	});
}

export const execute = sending(prepare);
