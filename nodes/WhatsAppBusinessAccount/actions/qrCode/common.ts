import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';

/** Meta's limits: a prefilled message of at most 140 characters, 2,000 codes per number. */
export const QR_LIMITS = { prefilledMessage: 140, perNumber: 2000 } as const;

export const showFor = (operations: string[]) => ({
	resource: ['qrCode'],
	operation: operations,
});

/** The QR code by its code (`4O4YGZEG3RIVE1`), for Get, Update and Delete. */
export function codeProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'QR Code ID',
		name: 'qrCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4O4YGZEG3RIVE1',
		description: "The QR code's code, the end of its short link (wa.me/message/<code>)",
		displayOptions: { show: showFor(operations) },
	};
}

/** The message the customer's chat starts with, for Create and Update. */
export function prefilledMessageProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Prefilled Message',
		name: 'prefilledMessage',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Show me the menu',
		description:
			'The text the chat starts with when a customer scans the code or opens the link, up to 140 characters',
		displayOptions: { show: showFor(operations) },
	};
}

/** The Image Format choice: PNG or SVG, or none (no image URL) where reading. */
export function imageFormatProperty(operations: string[], withNone: boolean): INodeProperties {
	const description = 'The format of the QR code image whose URL the output carries (qr_image_url)';
	const displayOptions = { show: showFor(operations) };
	const formats = [
		{ name: 'PNG', value: 'PNG' },
		{ name: 'SVG', value: 'SVG' },
	];
	// reading, no image is the default; creating, Meta needs a format
	if (withNone)
		return {
			displayName: 'Image Format',
			name: 'imageFormat',
			type: 'options',
			options: [{ name: 'None', value: 'none', description: 'No image URL' }, ...formats],
			default: 'none',
			description,
			displayOptions,
		};
	return {
		displayName: 'Image Format',
		name: 'imageFormat',
		type: 'options',
		options: formats,
		default: 'PNG',
		description,
		displayOptions,
	};
}

const refuse = (context: IExecuteFunctions, itemIndex: number, message: string): never => {
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
};

/** The Prefilled Message, not empty and at most 140 characters. */
export function prefilledMessageOf(context: IExecuteFunctions, itemIndex: number): string {
	const text = String(context.getNodeParameter('prefilledMessage', itemIndex, '') ?? '');
	if (!text.trim()) refuse(context, itemIndex, 'Prefilled Message is empty');
	const length = [...text].length;
	if (length > QR_LIMITS.prefilledMessage)
		refuse(
			context,
			itemIndex,
			`Prefilled Message is ${length} characters; WhatsApp allows at most ${QR_LIMITS.prefilledMessage}`,
		);
	return text;
}

/** The QR Code ID: letters and digits only, as Meta makes them. */
export function codeOf(context: IExecuteFunctions, itemIndex: number): string {
	const code = String(context.getNodeParameter('qrCode', itemIndex, '') ?? '').trim();
	if (!/^[A-Za-z0-9]+$/.test(code))
		refuse(context, itemIndex, `QR Code ID must be letters and digits only, got "${code}"`);
	return code;
}

/** `fields` asking for the image URL in a format, as Meta's field syntax writes it. */
export function fieldsFor(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const format = context.getNodeParameter('imageFormat', itemIndex, 'none') as string;
	const fields = ['code', 'prefilled_message', 'deep_link_url'];
	if (format !== 'none') fields.push(`qr_image_url.format(${format})`);
	return { fields: fields.join(',') };
}

/** A call on the number's QR codes edge (`/{phone-number-id}/message_qrdls[/{code}]`). */
export async function qrRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	request: {
		method: 'GET' | 'POST' | 'DELETE';
		code?: string;
		qs?: IDataObject;
		json?: IDataObject;
	},
): Promise<IDataObject> {
	const phoneNumberId = getGraphId(context, 'phoneNumberId', itemIndex, 'Phone Number ID');
	return await graphApiRequest<IDataObject>(context, {
		method: request.method,
		path: `/${phoneNumberId}/message_qrdls${request.code ? `/${request.code}` : ''}`,
		...(request.qs ? { qs: request.qs } : {}),
		...(request.json ? { json: request.json } : {}),
		itemIndex,
	});
}
