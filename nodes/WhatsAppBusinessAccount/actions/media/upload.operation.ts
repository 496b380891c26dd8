import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { buildMultipartBody } from '../../transport/media';
import { getGraphId, phoneNumberIdProperty } from '../common';
import type { OperationOption } from '../operation';
import { inputBinaryFieldProperty } from './common';

const show = { resource: ['media'], operation: ['upload'] };

export const option: OperationOption = {
	name: 'Upload',
	value: 'upload',
	description:
		'Upload binary data to a business phone number and get a media ID to send in messages',
	action: 'Upload media file',
};

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
				description: "The file's type, when the binary data does not say it correctly",
			},
		],
	},
];

/**
 * Uploads an item's binary file to a business phone number (POST /{phone-number-id}/media)
 * and returns Meta's answer, `{ id }`: Media > Upload, Send Media and Send Template share it.
 */
export async function uploadItemBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	field: string,
	mimeTypeOverride?: string,
): Promise<IDataObject> {
	const file = await readItemBinary(context, itemIndex, field, mimeTypeOverride);
	return await postMedia(context, itemIndex, phoneNumberId, file);
}

interface ItemFile {
	data: Buffer;
	mimeType: string;
	fileName: string;
}

async function readItemBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	mimeTypeOverride?: string,
): Promise<ItemFile> {
	const binary = context.helpers.assertBinaryData(itemIndex, field);
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	const mimeType = String(mimeTypeOverride ?? '').trim() || binary.mimeType;
	if (!mimeType) {
		throw new NodeOperationError(
			context.getNode(),
			`The binary field "${field}" has no MIME type`,
			{
				itemIndex,
				description: 'Set Options > MIME Type, such as image/jpeg or application/pdf.',
			},
		);
	}
	if (/[\r\n]/.test(mimeType)) {
		throw new NodeOperationError(context.getNode(), 'The MIME type contains a line break', {
			itemIndex,
			description: `Got ${JSON.stringify(mimeType.slice(0, 80))}. Set Options > MIME Type to a plain type, such as image/jpeg. Nothing was uploaded.`,
		});
	}
	const fileName =
		binary.fileName || `upload${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	return { data, mimeType, fileName };
}

async function postMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	file: ItemFile,
): Promise<IDataObject> {
	const body = buildMultipartBody(
		{ messaging_product: 'whatsapp', type: file.mimeType },
		{ field: 'file', fileName: file.fileName, contentType: file.mimeType, data: file.data },
	);
	return await graphApiRequest<IDataObject>(context, {
		method: 'POST',
		path: `/${phoneNumberId}/media`,
		rawBody: body,
		itemIndex,
	});
}

/** Uploads of the running execution (its context), by number and file; at most this many are kept. */
const UPLOADS_KEPT = 100;
const uploadsOfExecution = new WeakMap<object, Map<string, Promise<string>>>();

/**
 * The media ID of an item's binary file on a business number, uploaded once per execution:
 * a send to many items usually carries one file to everyone, and items in flight at once
 * share its upload. Same number, bytes, type and name: same upload. A failed upload is that
 * item's failure; the next item with the file tries again.
 */
export async function uploadItemBinaryOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	field: string,
	mimeTypeOverride?: string,
): Promise<string> {
	let uploads = uploadsOfExecution.get(context);
	if (!uploads) {
		uploads = new Map();
		uploadsOfExecution.set(context, uploads);
	}
	const file = await readItemBinary(context, itemIndex, field, mimeTypeOverride);
	const digest = createHash('sha256').update(file.data).digest('hex');
	const key = JSON.stringify([phoneNumberId, file.mimeType, file.fileName, digest]);
	let id = uploads.get(key);
	if (!id) {
		id = postMedia(context, itemIndex, phoneNumberId, file).then((answer) => {
			if (typeof answer.id !== 'string' || !answer.id) {
				throw new NodeOperationError(
					context.getNode(),
					'Meta did not return a media ID for the upload',
					{ itemIndex },
				);
			}
			return answer.id;
		});
		if (uploads.size >= UPLOADS_KEPT) uploads.delete(uploads.keys().next().value as string);
		uploads.set(key, id);
		const kept = uploads;
		id.catch(() => kept.delete(key));
	}
	return await id;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const field = (this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await uploadItemBinary(
		this,
		itemIndex,
		phoneNumberId,
		field,
		options.mimeType as string | undefined,
	);
}
