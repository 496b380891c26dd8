import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as deleteMedia from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as upload from './upload.operation';
import * as uploadForTemplate from './uploadForTemplate.operation';

export const operations: Record<string, OperationExecutor> = {
	get: get.execute,
	download: download.execute,
	upload: upload.execute,
	uploadForTemplate: uploadForTemplate.execute,
	delete: deleteMedia.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['media'] } },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete an uploaded media file from Meta',
			action: 'Delete media file',
		},
		{
			name: 'Download',
			value: 'download',
			description:
				'Download a media file, such as the image or document of a received message, as binary data',
			action: 'Download media file',
		},
		{
			name: 'Get',
			value: 'get',
			description:
				"Get a media file's temporary download URL (valid five minutes), MIME type, size and SHA-256",
			action: 'Get media file',
		},
		{
			name: 'Upload',
			value: 'upload',
			description:
				'Upload binary data to a business phone number and get a media ID to send in messages',
			action: 'Upload media file',
		},
		{
			name: 'Upload Template Sample',
			value: 'uploadForTemplate',
			description:
				"Upload binary data with Meta's Resumable Upload API and get the handle a template's media header or a profile picture needs",
			action: 'Upload template sample file',
		},
	],
	default: 'download',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...get.description,
	...download.description,
	...upload.description,
	...uploadForTemplate.description,
	...deleteMedia.description,
];
