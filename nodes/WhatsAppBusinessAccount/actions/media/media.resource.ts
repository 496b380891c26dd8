import type { Resource } from '../operation';
import * as deleteMedia from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as upload from './upload.operation';
import * as uploadForTemplate from './uploadForTemplate.operation';

export const media: Resource = {
	option: { name: 'Media', value: 'media' },
	defaultOperation: 'download',
	operations: [get, download, upload, uploadForTemplate, deleteMedia],
};
