// What a template asks for when it is sent, read from its components as Graph returns them
// (GET /{waba-id}/message_templates), and the send's `template.components` built from the
// values a user filled in: one field per variable (by name with parameter_format NAMED, by
// number otherwise), the header's media or location, and each button's parameter; for a carousel
// template the same per card (Meta's media card carousel: 2 to 10 cards with an image or video
// header, their own body variables and buttons).
import type { IDataObject } from 'n8n-workflow';

import { templateVariables } from '../messageTemplate/components';
import { mediaReference } from './common';

/** A template as Graph lists it; only what sending needs. */
export interface TemplateDefinition {
	id?: string;
	name: string;
	language: string;
	status?: string;
	category?: string;
	parameter_format?: string;
	components?: IDataObject[];
}

export type TemplateFieldKind =
	| 'text'
	| 'media'
	| 'location'
	| 'payload'
	| 'urlSuffix'
	| 'couponCode'
	| 'flowToken'
	| 'otp'
	| 'productId';

/** One field of the form: `id` is the key of its value (`body.first_name`, `button.1.url_suffix`). */
export interface TemplateField {
	id: string;
	displayName: string;
	required: boolean;
	kind: TemplateFieldKind;
	/** Where the value goes: the component, the variable's name or number, the button's index. */
	component: 'header' | 'body' | 'button';
	variable?: string;
	buttonIndex?: number;
	/** For a button, Meta's sub_type; for a media header, image/video/document. */
	subType?: string;
	/** For a carousel card's field, the card's index (0-based, Meta's `card_index`). */
	card?: number;
}

/** Media header formats and the parameter type each takes. */
export const MEDIA_HEADER_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'] as const;

function componentOf(
	from: TemplateDefinition | IDataObject[],
	type: string,
): IDataObject | undefined {
	const components = Array.isArray(from) ? from : (from.components ?? []);
	return components.find((c) => String(c.type).toUpperCase() === type);
}

const variableLabel = (variable: string) => (/^\d+$/.test(variable) ? `{{${variable}}}` : variable);

/** The fields a template asks for, in the order of its components, then each carousel card's. */
export function templateFields(template: TemplateDefinition): TemplateField[] {
	const fields = componentFields(template.components ?? []);
	const cards = (componentOf(template, 'CAROUSEL')?.cards ?? []) as IDataObject[];
	cards.forEach((card, index) => {
		for (const field of componentFields((card.components ?? []) as IDataObject[]))
			fields.push({
				...field,
				id: `card.${index}.${field.id}`,
				displayName: `Card ${index + 1} ${field.displayName}`,
				card: index,
			});
	});
	return fields;
}

/** The fields of a header, body and buttons: the template's own, or a carousel card's. */
function componentFields(components: IDataObject[]): TemplateField[] {
	const fields: TemplateField[] = [];
	const header = componentOf(components, 'HEADER');
	if (header) {
		const format = String(header.format ?? 'TEXT').toUpperCase();
		if (format === 'TEXT') {
			for (const variable of templateVariables(String(header.text ?? ''))) {
				fields.push({
					id: `header.${variable}`,
					displayName: `Header ${variableLabel(variable)}`,
					required: true,
					kind: 'text',
					component: 'header',
					variable,
				});
			}
		} else if ((MEDIA_HEADER_FORMATS as readonly string[]).includes(format)) {
			const subType = format.toLowerCase();
			fields.push({
				id: 'header.media',
				displayName: `Header ${format.charAt(0)}${format.slice(1).toLowerCase()}`,
				required: true,
				kind: 'media',
				component: 'header',
				subType,
			});
		} else if (format === 'LOCATION') {
			for (const part of ['latitude', 'longitude', 'name', 'address']) {
				fields.push({
					id: `header.location.${part}`,
					displayName: `Header Location ${part.charAt(0).toUpperCase()}${part.slice(1)}`,
					required: part === 'latitude' || part === 'longitude',
					kind: 'location',
					component: 'header',
					variable: part,
				});
			}
		}
	}
	const body = componentOf(components, 'BODY');
	for (const variable of templateVariables(String(body?.text ?? ''))) {
		if (fields.some((f) => f.id === `body.${variable}`)) continue;
		fields.push({
			id: `body.${variable}`,
			displayName: `Body ${variableLabel(variable)}`,
			required: true,
			kind: 'text',
			component: 'body',
			variable,
		});
	}
	const buttons = (componentOf(components, 'BUTTONS')?.buttons ?? []) as IDataObject[];
	buttons.forEach((button, index) => {
		const type = String(button.type ?? '').toUpperCase();
		const label = `Button ${index + 1}${button.text ? ` (${String(button.text)})` : ''}`;
		const add = (
			kind: TemplateFieldKind,
			key: string,
			name: string,
			required: boolean,
			subType: string,
		) =>
			fields.push({
				id: `button.${index}.${key}`,
				displayName: `${label} ${name}`,
				required,
				kind,
				component: 'button',
				buttonIndex: index,
				subType,
			});
		if (type === 'QUICK_REPLY') add('payload', 'payload', 'Payload', false, 'quick_reply');
		else if (type === 'URL' && templateVariables(String(button.url ?? '')).length)
			add('urlSuffix', 'url_suffix', 'URL Suffix', true, 'url');
		else if (type === 'COPY_CODE')
			add('couponCode', 'coupon_code', 'Coupon Code', true, 'copy_code');
		else if (type === 'FLOW') add('flowToken', 'flow_token', 'Flow Token', false, 'flow');
		else if (type === 'OTP') add('otp', 'otp', 'One-Time Password', true, 'url');
		else if (type === 'CATALOG')
			add('productId', 'thumbnail_product_retailer_id', 'Thumbnail Product ID', false, 'catalog');
	});
	return fields;
}

/** Where a media header's file comes from. */
export type MediaSource = 'url' | 'id' | 'binary';

export interface BuildOptions {
	/** How to read a media header's value; with 'binary' it is already a media id once uploaded. */
	mediaSource: MediaSource;
	/** A document header's file name, shown to the recipient. */
	documentFilename?: string;
}

/** A problem with the values, naming the field; nothing is sent when there is one. */
export class TemplateValueError extends Error {}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * Checks the values against the template's fields: every required one present, none the
 * template does not have. Throws a TemplateValueError naming the first missing and extra ones.
 */
export function checkTemplateValues(
	template: TemplateDefinition,
	fields: TemplateField[],
	values: IDataObject,
): void {
	const known = new Set(fields.map((f) => f.id));
	const extra = Object.keys(values).filter((key) => !known.has(key) && !isBlank(values[key]));
	// a card's field is named with its label too, as its id alone reads as a path
	const missing = fields
		.filter((f) => f.required && isBlank(values[f.id]))
		.map((f) => (f.card === undefined ? `"${f.id}"` : `"${f.id}" (${f.displayName})`));
	const where = `template "${template.name}" (${template.language})`;
	const parts: string[] = [];
	if (missing.length) parts.push(`has no value for ${missing.join(', ')}`);
	if (extra.length) {
		parts.push(
			`was given ${extra.map((e) => `"${e}"`).join(', ')}, which the ${where} does not have (its variables: ${fields.map((f) => f.id).join(', ') || 'none'})`,
		);
	}
	if (parts.length) throw new TemplateValueError(`The ${where} ${parts.join('; and it ')}`);
}

function textParameter(field: TemplateField, value: unknown, named: boolean): IDataObject {
	return {
		type: 'text',
		text: String(value),
		...(named ? { parameter_name: field.variable } : {}),
	};
}

function mediaParameter(field: TemplateField, value: unknown, options: BuildOptions): IDataObject {
	const type = field.subType!;
	// with Binary Property, the value is the media ID of the upload by now
	const media: IDataObject = mediaReference(
		options.mediaSource === 'url' ? 'url' : 'id',
		String(value),
		`"${field.id}"`,
		(message) => {
			throw new TemplateValueError(message);
		},
	);
	if (type === 'document' && options.documentFilename) media.filename = options.documentFilename;
	return { type, [type]: media };
}

function buttonParameter(field: TemplateField, value: unknown): IDataObject {
	const text = String(value);
	switch (field.kind) {
		case 'payload':
			return { type: 'payload', payload: text };
		case 'couponCode':
			return { type: 'coupon_code', coupon_code: text };
		case 'flowToken':
			return { type: 'action', action: { flow_token: text } };
		case 'productId':
			return { type: 'action', action: { thumbnail_product_retailer_id: text } };
		default:
			return { type: 'text', text };
	}
}

/**
 * The `template.components` of a send: the header's and body's parameters, then one entry per
 * button that takes one (in the buttons' order, with their index), then for a carousel template
 * the `carousel` component, its cards in order with their `card_index`. Values must have passed
 * {@link checkTemplateValues}, which refuses a card's missing value naming the card.
 */
export function buildSendComponents(
	template: TemplateDefinition,
	fields: TemplateField[],
	values: IDataObject,
	options: BuildOptions,
): IDataObject[] {
	const named = String(template.parameter_format ?? '').toUpperCase() === 'NAMED';
	const components = componentParameters(
		fields.filter((f) => f.card === undefined),
		values,
		named,
		options,
	);
	const cardCount = ((componentOf(template, 'CAROUSEL')?.cards ?? []) as IDataObject[]).length;
	if (cardCount) {
		const cards: IDataObject[] = [];
		for (let index = 0; index < cardCount; index++) {
			cards.push({
				card_index: index,
				components: componentParameters(
					fields.filter((f) => f.card === index),
					values,
					named,
					options,
				),
			});
		}
		components.push({ type: 'carousel', cards });
	}
	return components;
}

/** The header, body and button components of one set of fields (the template's, or a card's). */
function componentParameters(
	fields: TemplateField[],
	values: IDataObject,
	named: boolean,
	options: BuildOptions,
): IDataObject[] {
	const components: IDataObject[] = [];
	const headerFields = fields.filter((f) => f.component === 'header');
	if (headerFields.length) {
		let parameters: IDataObject[];
		if (headerFields[0].kind === 'media') {
			parameters = [mediaParameter(headerFields[0], values[headerFields[0].id], options)];
		} else if (headerFields[0].kind === 'location') {
			const location: IDataObject = {};
			for (const field of headerFields) {
				const value = values[field.id];
				if (isBlank(value)) continue;
				if (field.variable === 'latitude' || field.variable === 'longitude') {
					const number = Number(value);
					if (!Number.isFinite(number))
						throw new TemplateValueError(`"${field.id}" must be a number (got "${String(value)}")`);
					location[field.variable] = number;
				} else {
					location[field.variable!] = String(value);
				}
			}
			parameters = [{ type: 'location', location }];
		} else {
			parameters = headerFields.map((f) => textParameter(f, values[f.id], named));
		}
		components.push({ type: 'header', parameters });
	}
	const bodyFields = fields.filter((f) => f.component === 'body');
	if (bodyFields.length)
		components.push({
			type: 'body',
			parameters: bodyFields.map((f) => textParameter(f, values[f.id], named)),
		});
	for (const field of fields.filter((f) => f.component === 'button')) {
		const value = values[field.id];
		// an optional parameter left empty: Meta uses the button's own (quick reply, flow)
		if (isBlank(value)) continue;
		components.push({
			type: 'button',
			sub_type: field.subType,
			index: String(field.buttonIndex),
			parameters: [buttonParameter(field, value)],
		});
	}
	return components;
}

/** True for an authentication template, which Meta delivers only to phone numbers. */
export function isAuthenticationTemplate(template: TemplateDefinition): boolean {
	return String(template.category ?? '').toUpperCase() === 'AUTHENTICATION';
}
