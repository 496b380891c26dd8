import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { buildMultipartBody } from '../../../shared/transport/media';
import { getGraphId, phoneNumberIdProperty } from '../common';
import { inputBinaryFieldProperty } from './common';

const show = { resource: ['media'], operation: ['upload'] };

export const description: INodeProperties[] = [
	phoneNumberIdProperty(
		show,
		'The business phone number to upload the media to (its ID, not the number); Phone Number > Get Many shows it',
	),
	inputBinaryFieldProperty('upload'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. image/jpeg',
				description: 'The file\'s type, when the binary data does not say it correctly',
			},
		],
	},
];

/**
 * Uploads an item's binary file to a business phone number (POST /{phone-number-id}/media)
 * and returns Meta's answer, `{ id }`: Media > Upload and Message > Send Media share it.
 */
export async function uploadItemBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	field: string,
	mimeTypeOverride?: string,
): Promise<IDataObject> {
	const binary = context.helpers.assertBinaryData(itemIndex, field);
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	const mimeType = String(mimeTypeOverride ?? '').trim() || binary.mimeType;
	if (!mimeType) {
		throw new NodeOperationError(context.getNode(), `The binary field "${field}" has no MIME type`, {
			itemIndex,
			description: 'Set Options > MIME Type, such as image/jpeg or application/pdf.',
		});
	}
	if (/[\r\n]/.test(mimeType)) {
		throw new NodeOperationError(context.getNode(), 'The MIME type contains a line break', {
			itemIndex,
			description: `Got ${JSON.stringify(mimeType.slice(0, 80))}. Set Options > MIME Type to a plain type, such as image/jpeg. Nothing was uploaded.`,
		});
	}
	const fileName = binary.fileName || `upload${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const body = buildMultipartBody(
		{ messaging_product: 'whatsapp', type: mimeType },
		{ field: 'file', fileName, contentType: mimeType, data },
	);
	return await graphApiRequest<IDataObject>(context, {
		method: 'POST',
		path: `/${phoneNumberId}/media`,
		rawBody: body,
		itemIndex,
	});
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const field = (this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await uploadItemBinary(this, itemIndex, phoneNumberId, field, options.mimeType as string | undefined);
}
