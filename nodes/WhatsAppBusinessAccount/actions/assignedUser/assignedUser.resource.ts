import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const assignedUser: Resource = {
	option: { name: 'Assigned User', value: 'assignedUser' },
	defaultOperation: 'list',
	parameters: [wabaIdFor('assignedUser')],
	operations: [getAll, add, remove],
};
