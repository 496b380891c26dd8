import { createHash } from 'crypto';

import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { GraphMedia } from '../../../shared/generated/graph-types';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { downloadGraphMedia, maxBytesProblem } from '../../transport/media';
import { asExecutionData, getGraphId } from '../common';
import type { ExecutionDataResult } from '../common';
import type { OperationOption } from '../operation';
import { mediaIdProperty, mediaOptionsPhoneNumber, phoneNumberQuery } from './common';

const show = { resource: ['media'], operation: ['download'] };

/** WhatsApp's largest media (documents) is 100 MB. */
const DEFAULT_MAX_MB = 100;

export const option: OperationOption = {
	name: 'Download',
	value: 'download',
	description:
		'Download a media file, such as the image or document of a received message, as binary data',
	action: 'Download media file',
};

export const description: INodeProperties[] = [
	mediaIdProperty(['download']),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show },
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
				placeholder: 'e.g. {{ $json.document.filename }}',
				description:
					'The name to give the file. By default the name Meta sends, or the media ID with an extension for its type.',
			},
			{
				displayName: 'Max Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: DEFAULT_MAX_MB,
				description: 'Fail instead of downloading a larger file',
			},
			mediaOptionsPhoneNumber(),
		],
	},
];

/** The media's metadata, its file in a binary field; the short-lived URL is not kept. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ExecutionDataResult> {
	const mediaId = getGraphId(this, 'mediaId', itemIndex, 'Media ID');
	const binaryPropertyName =
		(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim() || 'data';
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxBytes = Math.floor(Number(options.maxSizeMb ?? DEFAULT_MAX_MB) * 1024 * 1024);
	const badLimit = maxBytesProblem(maxBytes);
	if (badLimit) {
		// a limit that is not a number would otherwise disable the check
		throw new NodeOperationError(
			this.getNode(),
			`Max Size (MB) must be a positive number, got "${String(options.maxSizeMb).slice(0, 40)}"`,
			{
				itemIndex,
				description: 'Nothing was downloaded. WhatsApp media are at most 100 MB (documents).',
			},
		);
	}

	const media = await graphApiRequest<GraphMedia>(this, {
		method: 'GET',
		path: `/${mediaId}`,
		qs: phoneNumberQuery(this, options, itemIndex),
		itemIndex,
	});
	const declaredSize = Number(media.file_size);
	if (Number.isFinite(declaredSize) && declaredSize > maxBytes) {
		throw new NodeOperationError(
			this.getNode(),
			`The media is larger than the limit of ${maxBytes} bytes`,
			{
				itemIndex,
				description: `Meta reports ${declaredSize} bytes. Nothing was downloaded; raise Max Size (MB) to download it.`,
			},
		);
	}
	const file = await downloadGraphMedia(this, String(media.url ?? ''), { maxBytes, itemIndex });
	if (media.sha256) {
		const actual = createHash('sha256').update(file.data).digest('hex');
		if (actual !== String(media.sha256).toLowerCase()) {
			throw new NodeOperationError(
				this.getNode(),
				'The downloaded media does not match the SHA-256 Meta reports for it',
				{
					itemIndex,
					description: `Expected ${media.sha256}, got ${actual} over ${file.data.length} bytes. Run the node again.`,
				},
			);
		}
	}
	const mimeType = media.mime_type || file.contentType || 'application/octet-stream';
	const chosenName = String(options.fileName ?? '').trim() || file.fileName;
	const binary = await this.helpers.prepareBinaryData(
		file.data,
		chosenName,
		mimeType.split(';')[0].trim(),
	);
	if (!chosenName)
		binary.fileName = binary.fileExtension ? `${mediaId}.${binary.fileExtension}` : mediaId;

	const json: IDataObject = {
		id: media.id ?? mediaId,
		mime_type: mimeType,
		sha256: media.sha256,
		file_size: Number.isFinite(declaredSize) ? declaredSize : file.data.length,
		file_name: binary.fileName,
		messaging_product: media.messaging_product,
	};
	const item: INodeExecutionData = { json, binary: { [binaryPropertyName]: binary } };
	return asExecutionData(item);
}
