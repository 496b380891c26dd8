import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkLength, fail, LIMITS, type showFor } from './common';

/**
 * Meta's limits for the commerce messages ("Share products with customers", "Catalog
 * messages"): a multi-product message holds 1 to 10 sections and at most 30 products in all,
 * each section at least one; the texts share the interactive limits (LIMITS).
 */
export const COMMERCE_LIMITS = {
	productListSections: 10,
	productListProducts: 30,
} as const;

/** Digits only: a catalog ID as Commerce Manager shows it. */
export function catalogIdOf(context: IExecuteFunctions, itemIndex: number): string {
	const catalogId = String(context.getNodeParameter('catalogId', itemIndex, '') ?? '').trim();
	if (!/^[0-9]+$/.test(catalogId))
		fail(context, itemIndex, `Catalog ID must be digits only, got "${catalogId}"`);
	return catalogId;
}

/** The Catalog ID field of a commerce send. */
export function catalogIdProperty(show: ReturnType<typeof showFor>): INodeProperties {
	return {
		displayName: 'Catalog ID',
		name: 'catalogId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 194836987003835',
		description:
			'The ID of the catalog connected to this WhatsApp Business Account, as Commerce Manager shows it',
		displayOptions: { show },
	};
}

/** A product retailer ID (Commerce Manager's Content ID): trimmed, not empty. */
export function retailerId(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
): string {
	const id = String(value ?? '').trim();
	if (!id) fail(context, itemIndex, `${label} is empty`);
	return id;
}

/** An optional text as Meta's `{text}` object, checked against its limit; undefined when empty. */
export function optionalText(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	max: number,
): { text: string } | undefined {
	const text = String(value ?? '');
	if (!text.trim()) return undefined;
	return { text: checkLength(context, itemIndex, label, text, max) };
}

/** The optional footer of a commerce message, from its options. */
export function footerOf(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject {
	const footer = optionalText(context, itemIndex, 'Footer', options.footer, LIMITS.footer);
	return footer ? { footer } : {};
}

/** The Footer option of a commerce message. */
export const footerOption: INodeProperties = {
	displayName: 'Footer',
	name: 'footer',
	type: 'string',
	default: '',
	description: 'Small grey text under the message, up to 60 characters',
};
