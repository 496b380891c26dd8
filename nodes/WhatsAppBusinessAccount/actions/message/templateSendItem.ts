// What Send Template does for each item before it sends: the template's fields, the checks of the
// item's values, and the header media a binary property holds.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Recipient } from '../../messaging/recipient';
import { uploadItemBinaryOnce } from '../media/upload.operation';
import { isAuthenticationTemplate, templateFields } from './templateParameters';
import type {
	MediaSource,
	TemplateDefinition,
	TemplateField,
	TemplateValueError,
} from './templateParameters';

/** A template's fields, worked out once per template loaded (every item of a campaign shares them). */
const fieldsOfTemplate = new WeakMap<TemplateDefinition, TemplateField[]>();
export function fieldsOf(template: TemplateDefinition): TemplateField[] {
	let fields = fieldsOfTemplate.get(template);
	if (!fields) {
		fields = templateFields(template);
		fieldsOfTemplate.set(template, fields);
	}
	return fields;
}

/** Runs a check of the values (which throws only TemplateValueError), as the node's error for the item. */
export function refusingBadValues<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	check: () => T,
): T {
	try {
		return check();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as TemplateValueError).message, {
			itemIndex,
			description:
				'Nothing was sent. Fill the fields under Template Variables as the template asks (refresh the list if the template changed).',
		});
	}
}

/** Meta delivers authentication templates (one-time passwords) to phone numbers only. */
export function refuseAuthenticationToBsuid(
	context: IExecuteFunctions,
	template: TemplateDefinition,
	recipient: Recipient,
	itemIndex: number,
): void {
	if (!isAuthenticationTemplate(template) || recipient.kind === 'phone') return;
	throw new NodeOperationError(
		context.getNode(),
		`The authentication template "${template.name}" can only be sent to a phone number, not to the ${recipient.kind === 'group' ? 'group' : 'BSUID'} "${recipient.value}"`,
		{
			itemIndex,
			description:
				'Nothing was sent. Meta delivers one-time passwords to phone numbers only; ask the customer for theirs.',
		},
	);
}

/**
 * With Binary Property as the source: each media header's file (the template's, or every
 * carousel card's), the item's binary property uploaded once per execution, as its media id.
 */
export async function uploadHeaderMedia(
	context: IExecuteFunctions,
	phoneNumberId: string,
	fields: TemplateField[],
	values: IDataObject,
	source: MediaSource,
	itemIndex: number,
): Promise<IDataObject> {
	if (source !== 'binary') return values;
	const uploaded = { ...values };
	for (const media of fields.filter((f) => f.kind === 'media')) {
		const property = String(values[media.id]).trim();
		uploaded[media.id] = await uploadItemBinaryOnce(context, itemIndex, phoneNumberId, property);
	}
	return uploaded;
}
