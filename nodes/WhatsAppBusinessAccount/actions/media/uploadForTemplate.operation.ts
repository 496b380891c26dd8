import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';
import { inputBinaryFieldProperty } from './common';

const show = { resource: ['media'], operation: ['uploadForTemplate'] };

export const option: OperationOption = {
	name: 'Upload Template Sample',
	value: 'uploadForTemplate',
	description:
		"Upload binary data with Meta's Resumable Upload API and get the handle a template's media header or a profile picture needs",
	action: 'Upload template sample file',
};

export const description: INodeProperties[] = [
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1111111111111111',
		description:
			"The ID of your Meta app (App Dashboard). The token's user must be an admin or developer of the app.",
		displayOptions: { show },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'An app ID is digits only' },
			},
		],
	} as INodeProperties,
	inputBinaryFieldProperty('uploadForTemplate', 'A PDF, JPEG, PNG or MP4 file'),
];

/** `upload:MTph…?sig=ARZ…` → the path and its `sig`. */
function sessionPath(sessionId: string): { path: string; qs: IDataObject } {
	const [id, query = ''] = sessionId.split('?');
	return { path: `/${id}`, qs: Object.fromEntries(new URLSearchParams(query)) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getGraphId(this, 'appId', itemIndex, 'App ID');
	const field = (this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim();
	const binary = this.helpers.assertBinaryData(itemIndex, field);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, field);
	const fileName =
		binary.fileName || `sample${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const session = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${appId}/uploads`,
		qs: { file_name: fileName, file_length: data.length, file_type: binary.mimeType },
		itemIndex,
	});
	const sessionId = typeof session.id === 'string' ? session.id : '';
	if (!sessionId.startsWith('upload:')) {
		throw new NodeOperationError(this.getNode(), 'Meta did not open an upload session', {
			itemIndex,
			description: `The answer had no upload session ID (${JSON.stringify(session).slice(0, 120)}).`,
		});
	}
	const { path, qs } = sessionPath(sessionId);
	// one request with the whole file, from offset 0 (files here are small samples)
	return await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path,
		qs,
		headers: { file_offset: '0' },
		rawBody: { contentType: binary.mimeType, data },
		oauthScheme: true,
		itemIndex,
	});
}
