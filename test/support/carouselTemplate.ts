/**
 * A media card carousel template as Graph lists it (GET /{waba-id}/message_templates), shaped
 * like Meta's example in "Media card carousel templates": a body with two variables, then two
 * cards, each an image header, a body with one variable, a quick-reply button and a URL button
 * with a variable.
 */
const card = (fruit: string) => ({
	components: [
		{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw=='] } },
		{
			type: 'BODY',
			text: `Rare ${fruit}. Use code {{1}} to get 15% off.`,
			example: { body_text: [['LEMON15']] },
		},
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'QUICK_REPLY', text: 'Send more like this' },
				{
					type: 'URL',
					text: 'Buy now',
					url: 'https://www.luckyshrub.com/shop?promo={{1}}',
					example: ['https://www.luckyshrub.com/shop?promo=lemon'],
				},
			],
		},
	],
});

export const CAROUSEL_TEMPLATE = {
	name: 'summer_carousel',
	language: 'en_US',
	status: 'APPROVED',
	category: 'MARKETING',
	parameter_format: 'POSITIONAL' as const,
	id: '594425479261599',
	components: [
		{
			type: 'BODY',
			text: 'Summer is here! Use code {{1}} to get {{2}} off your next order.',
			example: { body_text: [['15OFF', '15%']] },
		},
		{ type: 'CAROUSEL', cards: [card('lemons'), card('limes')] },
	],
};
