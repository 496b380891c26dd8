import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import { uploadItemBinaryOnce } from '../media/upload.operation';
import type { OperationOption } from '../operation';
import {
	checkLength,
	envelope,
	fail,
	LIMITS,
	mediaReference,
	outgoing,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendMedia');
const CAPTIONED = ['image', 'video', 'document'];

export const option: OperationOption = {
	name: 'Send Media',
	value: 'sendMedia',
	description: `Send an image, video, audio, document or sticker from binary data, a URL or a media ID ${TO_ANY_RECIPIENT}`,
	action: 'Send media message',
};

export const description: INodeProperties[] = [
	// Meta delivers text, media and templates to groups ("Group messaging")
	...sendProperties('sendMedia', { group: true }),
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		default: 'image',
		description: 'What kind of media to send',
		displayOptions: { show },
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: 'AAC, AMR, MP3, M4A or OGG (Opus) audio, up to 16 MB',
			},
			{ name: 'Document', value: 'document', description: 'Any file, such as a PDF, up to 100 MB' },
			{ name: 'Image', value: 'image', description: 'JPEG or PNG, up to 5 MB' },
			{
				name: 'Sticker',
				value: 'sticker',
				description: 'WebP sticker, static up to 100 KB or animated up to 500 KB',
			},
			{
				name: 'Video',
				value: 'video',
				description: 'MP4 or 3GPP video (H.264 with AAC audio), up to 16 MB',
			},
		],
	},
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		default: 'binary',
		description: 'Where the file comes from',
		displayOptions: { show },
		options: [
			{
				name: 'Binary Data',
				value: 'binary',
				description: 'A file of the input item, uploaded to Meta first',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'A public http(s) link Meta downloads the file from',
			},
			{
				name: 'Media ID',
				value: 'id',
				description: 'A file already uploaded to this business number (Media > Upload)',
			},
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to send',
		displayOptions: { show: { ...show, mediaSource: ['binary'] } },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://www.example.com/images/receipt.png',
		description: "A public http(s) link to the file; it must answer with the file's Content-Type",
		displayOptions: { show: { ...show, mediaSource: ['url'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1037543291543636',
		description: 'The ID Media > Upload returned for this business number',
		displayOptions: { show: { ...show, mediaSource: ['id'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Text shown under the image, video or document, up to 1024 characters',
		displayOptions: { show: { ...show, mediaType: CAPTIONED } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice-1234.pdf',
				description:
					"The document's file name as the customer sees it (documents only); by default the binary file's name",
			},
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. image/jpeg',
				description:
					"The file's type for the upload, when the binary data does not say it correctly",
			},
			...sendOptions(),
		],
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const type = this.getNodeParameter('mediaType', itemIndex, 'image') as string;
	const source = this.getNodeParameter('mediaSource', itemIndex, 'binary') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const caption = CAPTIONED.includes(type)
		? String(this.getNodeParameter('caption', itemIndex, '') ?? '')
		: '';
	checkLength(this, itemIndex, 'Caption', caption, LIMITS.caption);
	const { target, fields } = envelope(this, itemIndex, options);

	const media: IDataObject = {};
	let fileName = String(options.fileName ?? '').trim();
	const refuse = (message: string): never => fail(this, itemIndex, message);
	if (source === 'url') {
		Object.assign(
			media,
			mediaReference(
				'url',
				String(this.getNodeParameter('mediaUrl', itemIndex, '') ?? ''),
				'Media URL',
				refuse,
			),
		);
	} else if (source === 'id') {
		Object.assign(
			media,
			mediaReference(
				'id',
				String(this.getNodeParameter('mediaId', itemIndex, '') ?? ''),
				'Media ID',
				refuse,
			),
		);
	} else {
		const field =
			String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim() || 'data';
		media.id = await uploadItemBinaryOnce(
			this,
			itemIndex,
			target.phoneNumberId,
			field,
			options.mimeType as string | undefined,
		);
		if (!fileName) fileName = this.helpers.assertBinaryData(itemIndex, field).fileName ?? '';
	}
	if (caption) media.caption = caption;
	if (type === 'document' && fileName) media.filename = fileName;
	return outgoing(target, fields, type, media);
}

export const execute = sending(prepare);
