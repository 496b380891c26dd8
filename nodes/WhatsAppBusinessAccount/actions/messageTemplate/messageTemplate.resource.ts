import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const messageTemplate: Resource = {
	option: { name: 'Message Template', value: 'messageTemplate' },
	defaultOperation: 'list',
	parameters: [wabaIdFor('messageTemplate', ['list', 'create', 'delete'])],
	operations: [getAll, get, create, update, deleteTemplate],
};
