import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import { flowIdProperty } from './common';
import * as create from './create.operation';
import * as deleteFlow from './delete.operation';
import * as deprecate from './deprecate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getPreviewUrl from './getPreviewUrl.operation';
import * as publish from './publish.operation';
import * as update from './update.operation';
import * as uploadJson from './uploadJson.operation';

export const flow: Resource = {
	option: { name: 'Flow', value: 'flow' },
	defaultOperation: 'getAll',
	parameters: [
		wabaIdFor('flow', ['getAll', 'create']),
		flowIdProperty([
			'get',
			'update',
			'uploadJson',
			'publish',
			'deprecate',
			'delete',
			'getPreviewUrl',
		]),
	],
	operations: [
		getAll,
		get,
		create,
		update,
		uploadJson,
		getPreviewUrl,
		publish,
		deprecate,
		deleteFlow,
	],
};
