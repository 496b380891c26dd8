/**
 * The parameter checks of a template send in the Graph stand-in (metaGraphTemplates.ts), as Meta
 * makes them on POST /{phone-number-id}/messages with `type: template`:
 * - the header and body get as many parameters as the template has variables (132000);
 * - a media card carousel template (a CAROUSEL component of 2 to 10 cards) is sent with a
 *   `carousel` component of exactly as many cards as the template has (Meta: "An approved
 *   template can only be used to send the same number of cards as defined during its
 *   creation"; 131008 when it is missing, 132000 when the count differs), each with a
 *   `card_index` naming one of them once (131009), and each card's header and body with as many
 *   parameters as that card has variables (132000).
 */

/** A refusal: Meta's code, message and `error_data.details`. */
export interface ParameterRefusal {
	code: number;
	message: string;
	details: string;
}

type Component = Record<string, unknown>;

const variablesIn = (text: unknown) =>
	[...String(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);

/** A component's name and how many parameters Meta expects for it in a send. */
function expectedParameters(components: Component[]): Map<string, number> {
	const expected = new Map<string, number>();
	for (const component of components) {
		const type = String(component.type).toUpperCase();
		if (type === 'HEADER') {
			const format = String(component.format ?? 'TEXT').toUpperCase();
			expected.set('header', format === 'TEXT' ? variablesIn(component.text).length : 1);
		} else if (type === 'BODY') {
			expected.set('body', variablesIn(component.text).length);
		}
	}
	return expected;
}

const countMismatch = (what: string, count: number, wanted: number): ParameterRefusal => ({
	code: 132000,
	message: '(#132000) Number of parameters does not match the expected number of params',
	details: `${what}: number of localizable_params (${count}) does not match the expected number of params (${wanted})`,
});

/** The header and body parameter counts of one set of components (the template's, or a card's). */
function countRefusal(
	template: Component[],
	sent: Component[],
	where: string,
): ParameterRefusal | undefined {
	const given = new Map<string, number>();
	for (const component of sent) {
		const type = String(component.type).toLowerCase();
		if (type === 'header' || type === 'body')
			given.set(type, ((component.parameters as unknown[]) ?? []).length);
	}
	const expected = expectedParameters(template);
	for (const type of new Set([...expected.keys(), ...given.keys()])) {
		const count = given.get(type) ?? 0;
		const wanted = expected.get(type) ?? 0;
		if (count !== wanted) return countMismatch(`${where}${type}`, count, wanted);
	}
	return undefined;
}

const componentsOf = (value: unknown): Component[] =>
	Array.isArray(value) ? (value as Component[]) : [];

/** Meta's refusal of a send's parameters against the template's components, or undefined. */
export function parameterRefusal(
	template: Component[],
	sent: Component[],
): ParameterRefusal | undefined {
	const topLevel = countRefusal(template, sent, '');
	if (topLevel) return topLevel;
	const templateCards = componentsOf(
		template.find((c) => String(c.type).toUpperCase() === 'CAROUSEL')?.cards,
	);
	const carousel = sent.find((c) => String(c.type).toLowerCase() === 'carousel');
	if (!templateCards.length && !carousel) return undefined;
	if (!carousel)
		return {
			code: 131008,
			message: '(#131008) Required parameter is missing',
			details: `carousel: the template has ${templateCards.length} cards; the send has no carousel component`,
		};
	const cards = componentsOf(carousel.cards);
	if (cards.length !== templateCards.length)
		return {
			code: 132000,
			message: '(#132000) Number of parameters does not match the expected number of params',
			details: `carousel: number of cards (${cards.length}) does not match the expected number of cards (${templateCards.length})`,
		};
	const seen = new Set<number>();
	for (const card of cards) {
		const index = card.card_index;
		if (
			typeof index !== 'number' ||
			!Number.isInteger(index) ||
			index < 0 ||
			index >= templateCards.length ||
			seen.has(index)
		)
			return {
				code: 131009,
				message: '(#131009) Parameter value is not valid',
				details: `carousel: card_index ${JSON.stringify(index)} is not one of the template's cards (0 to ${templateCards.length - 1}, each once)`,
			};
		seen.add(index);
		const refusal = countRefusal(
			componentsOf(templateCards[index].components),
			componentsOf(card.components),
			`card ${index} `,
		);
		if (refusal) return refusal;
	}
	return undefined;
}
